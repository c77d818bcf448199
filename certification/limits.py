"""Length limits of free-text input, read from the model fields: the page forms and the API
serializers take them from here, so the two cannot disagree and neither accepts what the
column would refuse."""

from django.db import models
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError

# Free text (TextField columns have no length of their own): one limit per kind of text, used
# by the page form, the API serializer and the service alike. audits.limits holds the audits
# area's.
REREGISTRATION_REASON_MAX_LENGTH = 4000  # what the certifying body says was wrong
REPLACEMENT_REASON_MAX_LENGTH = 4000  # why a key person is replaced
EXEMPTION_REASON_MAX_LENGTH = 4000  # the certifying body's reason for an exemption decision


def check_length(value: str, *, limit: int, field: str) -> str:
    """`value` unchanged, or a DomainError naming `field` when it is longer than `limit`
    (the services' own check: the forms and serializers say the same before)."""
    if len(value) > limit:
        raise DomainError(
            _("Keep this to %(max)s characters (it has %(n)s).") % {"max": limit, "n": len(value)},
            field=field,
        )
    return value


def required_text(value: str | None, *, limit: int, field: str, missing: str) -> str:
    """`value` stripped, or a DomainError naming `field`: `missing` when it is blank, the
    length message when it is longer than `limit` (e.g. the reason a decision needs)."""
    value = check_length((value or "").strip(), limit=limit, field=field)
    if not value:
        raise DomainError(missing, field=field)
    return value


def max_length(model: type[models.Model], field_name: str) -> int:
    """The max_length of `model.field_name` (a CharField or EmailField)."""
    length = model._meta.get_field(field_name).max_length
    if length is None:
        raise LookupError(f"{model.__name__}.{field_name} has no max_length")
    return int(length)


# A WSIB account or firm number is 7 digits; input up to this length gets the plain "7 digits"
# message (from validators.wsib_number_problem) rather than a generic "too long".
WSIB_NUMBER_INPUT_MAX_LENGTH = 20
