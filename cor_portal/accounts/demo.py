"""Demo users, one per role (README lists them). Idempotent."""

from allauth.account.models import EmailAddress

from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User
from cor_portal.demo import DemoRun

DEMO_USERS = [
    # username, role, first name, last name, auditing company
    ("admin", UserRole.ADMINISTRATOR, "Avery", "Admin", ""),
    ("reviewer", UserRole.REVIEWER, "Riley", "Reviewer", ""),
    ("lead", UserRole.LEAD_AUDITOR, "Logan", "Lead", ""),
    ("manager", UserRole.PROGRAM_MANAGER, "Morgan", "Manager", ""),
    ("director", UserRole.PROGRAM_DIRECTOR, "Dana", "Director", ""),
    ("smr", UserRole.EMPLOYER, "Sam", "Senior", ""),
    ("ia", UserRole.EMPLOYER, "Ira", "Auditor", ""),
    ("viewer", UserRole.EMPLOYER, "Vic", "Viewer", ""),
    # The Alberta employer's SMR (Prairie Summit Builders, on the ACSA program).
    ("absmr", UserRole.EMPLOYER, "Alex", "Prairie", ""),
    ("auditor", UserRole.EXTERNAL_AUDITOR, "Alex", "External", "Northern Audit Co."),
    ("auditor2", UserRole.EXTERNAL_AUDITOR, "Jordan", "Second", "Lakeshore Safety Audits"),
]


def seed_users(*, password: str) -> dict[str, User]:
    users: dict[str, User] = {}
    for username, role, first, last, company in DEMO_USERS:
        email = f"{username}@demo.cor-portal.test"
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "role": role,
                "first_name": first,
                "last_name": last,
                "auditing_company": company,
            },
        )
        # Django admin through the administrator role (accounts.backends), never as a
        # superuser: a superuser would pass every rule, employer actions included.
        user.is_staff = role == UserRole.ADMINISTRATOR
        user.is_superuser = False
        user.set_password(password)
        user.save(update_fields=["password", "is_staff", "is_superuser"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        users[username] = user
    return users


def demo_step(run: DemoRun) -> dict[str, User]:
    """The first step: the users every later step receives as `run.users`."""
    run.users.update(seed_users(password=run.password))
    return run.users
