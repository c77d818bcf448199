"""Out-of-province COR reciprocity for bidding only [001 §5; SPEC §4.5]: the request form with
the home province's CFCSA member letter, then a staff decision. An approved reciprocity is a
standing for bidding only: never "certified", never on the public registry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.audiences import organization_smrs
from certification.models import Organization
from certification.uploads import check_upload, clean_original_name
from cor_portal.access import require
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify

from ..enums import EquivalencyAction, ReciprocityStatus
from ..models import ReciprocityRequest
from .common import a_date, text
from .equivalency import _account_of

# CFCSA members outside Ontario: the other provinces and territories.
HOME_PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "PE", "QC", "SK", "YT")


@transaction.atomic
def reciprocity_request_create(
    *,
    organization: Organization,
    home_province: str,
    cfcsa_member: str,
    letter,
    wsib_account=None,
    by,
) -> ReciprocityRequest:
    require(by, "equivalency.request_reciprocity", organization)
    province = (home_province or "").strip().upper()
    if province not in HOME_PROVINCES:
        raise DomainError(
            _("Choose the province or territory (outside Ontario) that issued your COR."),
            field="home_province",
        )
    member = text(
        cfcsa_member,
        field="cfcsa_member",
        required=True,
        message=_("Name the CFCSA member organization that issued your COR."),
    )[:200]
    if letter is None:
        raise DomainError(
            _("Attach the letter from your province's CFCSA member showing your COR."),
            field="letter",
        )
    check_upload(letter, field="letter")
    account = _account_of(organization, wsib_account)
    name = clean_original_name(getattr(letter, "name", "") or "letter")
    request = ReciprocityRequest(
        organization=organization,
        wsib_account=account,
        home_province=province,
        cfcsa_member=member,
        letter_name=name,
        submitted_on=timezone.localdate(),
        submitted_by=by,
    )
    request.letter.save(name, letter, save=False)
    request.save()
    record(
        subject=request,
        actor=by,
        action=EquivalencyAction.RECIPROCITY_SUBMITTED,
        to_state=ReciprocityStatus.SUBMITTED,
        changes={"home_province": ("", province)},
    )
    return request


@transaction.atomic
def reciprocity_decide(
    *, request: ReciprocityRequest, approve: bool, valid_until=None, reason: str = "", by
) -> ReciprocityRequest:
    from ..workflows import RECIPROCITY_FLOW

    require(by, "equivalency.decide_reciprocity", request)
    if not isinstance(approve, bool):
        raise DomainError(_("Say whether reciprocity is approved."), field="approve")
    if request.status != ReciprocityStatus.SUBMITTED:
        raise DomainError(_("This request does not await a decision."), code="conflict")
    today = timezone.localdate()
    reason = text(
        reason, field="reason", required=not approve, message=_("Give the reason it is refused.")
    )
    if approve:
        until = a_date(valid_until, field="valid_until")
        assert until is not None
        if until <= today:
            raise DomainError(
                _("Reciprocity is valid until a day after today (the home-province COR's expiry)."),
                field="valid_until",
            )
        RECIPROCITY_FLOW.move(
            request,
            EquivalencyAction.RECIPROCITY_APPROVED,
            by=by,
            reason=reason,
            valid_until=until,
            decided_on=today,
            decided_by=by,
            decision_reason=reason,
        )
    else:
        RECIPROCITY_FLOW.move(
            request,
            EquivalencyAction.RECIPROCITY_REFUSED,
            by=by,
            reason=reason,
            decided_on=today,
            decided_by=by,
            decision_reason=reason,
        )
    notify(
        users=organization_smrs(request.organization_id),
        subject=Localized(
            gettext_lazy("Reciprocity request: %(decision)s"),
            {"decision": ReciprocityStatus(request.status).label},
        ),
        body=reason or str(ReciprocityStatus(request.status).label),
        url="",
        kind="reciprocity_decided",
    )
    return request
