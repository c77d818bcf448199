from django.db import models
from django.utils.translation import gettext_lazy as _


class UserRole(models.TextChoices):
    """A user's place in the program. Employer users get their per-organization role
    (SMR, internal auditor, viewer) from certification.Membership."""

    EMPLOYER = "employer", _("Employer user")
    EXTERNAL_AUDITOR = "external_auditor", _("External auditor")
    REVIEWER = "reviewer", _("Reviewer")
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    PROGRAM_DIRECTOR = "program_director", _("Program director")
    ADMINISTRATOR = "administrator", _("Administrator")


# Certifying-body staff: may see every organization's COR information [SPEC §1].
CERTIFYING_BODY_ROLES = frozenset(
    {
        UserRole.REVIEWER,
        UserRole.LEAD_AUDITOR,
        UserRole.PROGRAM_MANAGER,
        UserRole.PROGRAM_DIRECTOR,
        UserRole.ADMINISTRATOR,
    }
)
# Roles an administrator may invite (employers sign up or are invited by their SMR).
INVITABLE_BY_ADMINISTRATOR = tuple(r for r in UserRole if r != UserRole.EMPLOYER)


class ApiTokenScope(models.TextChoices):
    """What an API token may do. A USER token acts as its owner. Any other scope is a
    scoped key: ApiTokenAuthentication accepts it only on views that list the scope in their
    `token_scopes`, and only for reading (GET, HEAD, OPTIONS); everywhere else it is a 403."""

    USER = "user", _("Acts as its owner")
    # A registry client's read-only key: the public feed and bulk verification only.
    REGISTRY = "registry", _("Registry client (read-only)")


class AccountAction(models.TextChoices):
    """What the history of a user, a staff invitation or an API token records."""

    INVITED = "invited", _("Staff invitation sent")
    INVITATION_EXPIRED = "expired", _("Staff invitation expired")
    INVITATION_ACCEPTED = "accepted", _("Staff invitation accepted")
    INVITATION_REVOKED = "revoked", _("Staff invitation revoked")
    CREATED = "created", _("Account created")
    EDITED_IN_ADMIN = "edited_in_admin", _("Edited in the administration site")
    API_TOKEN_ISSUED = "api_token_issued", _("API token issued")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
