"""Scale step of the accounts app (seed_scale): the certifying body's staff and a few
external auditors. Employer users are written by certification's step with their
organizations. Passwords are unusable ("!…"): the benchmark harness sets one where it logs in."""

from django.conf import settings

from cor_portal.scale import ScaleRun

from .enums import UserRole
from .models import User

# role, how many
STAFF = [
    (UserRole.ADMINISTRATOR, 2),
    (UserRole.PROGRAM_DIRECTOR, 1),
    (UserRole.PROGRAM_MANAGER, 3),
    (UserRole.LEAD_AUDITOR, 4),
    (UserRole.REVIEWER, 12),
    (UserRole.EXTERNAL_AUDITOR, 8),
]
USER_COLUMNS = [
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "role",
    "auditing_company",
    "language",
]


def user_row(run: ScaleRun, *, username: str, role: str, first: str, last: str, company=""):
    """A User row for COPY (USER_COLUMNS order), e-mail `<username>@scale.cor-portal.test`."""
    return [
        "!" + run.tag,
        False,
        username,
        first,
        last,
        f"{username}@scale.cor-portal.test",
        role == UserRole.ADMINISTRATOR,
        True,
        run.at(800),
        role,
        company,
        settings.LANGUAGE_CODE,
    ]


def scale_step(run: ScaleRun) -> dict[str, list[int]]:
    """Staff user ids by role."""
    rows = []
    names = []
    role: str
    for role, count in STAFF:
        for i in range(count):
            username = f"{run.tag}-{str(role).replace('_', '-')}-{i + 1}"
            company = f"Audit Company {i % 3 + 1}" if role == UserRole.EXTERNAL_AUDITOR else ""
            rows.append(
                user_row(
                    run,
                    username=username,
                    role=role,
                    first=str(role.label).split()[0],
                    last=f"Scale {i + 1}",
                    company=company,
                )
            )
            names.append(username)
    run.copy(User, USER_COLUMNS, rows)
    by_role: dict[str, list[int]] = {}
    for pk, role in (
        User.objects.filter(username__in=names).order_by("pk").values_list("pk", "role")
    ):
        by_role.setdefault(role, []).append(pk)
    return by_role
