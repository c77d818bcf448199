"""seed_scale (cor_portal/scale.py and each app's scale step): every stage, idempotent for a
seed, rows that pass the models' own validation and constraints, and pages and API that answer
correctly on the data."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audits.enums import CapStatus, InternalReviewStatus
from audits.models import (
    Audit,
    CapItem,
    CorrectiveActionPlan,
    InternalReview,
    ItemResponse,
    PreAssessment,
    Review,
    ReviewFinding,
)
from audits.selectors import QUEUE_STATES
from certification.enums import RegistrationStatus
from certification.models import (
    Membership,
    Organization,
    Person,
    Registration,
    TrainingRecord,
    WsibAccount,
)
from cor_portal import scale
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User
from cor_portal.deadlines.models import Deadline
from cor_portal.history.models import HistoryEntry

TODAY = date(2026, 11, 20)
MODELS = [
    User,
    Organization,
    WsibAccount,
    Registration,
    Membership,
    Person,
    TrainingRecord,
    Audit,
    InternalReview,
    ItemResponse,
    PreAssessment,
    Review,
    ReviewFinding,
    CorrectiveActionPlan,
    CapItem,
    Deadline,
]


def seed(**options):
    call_command("seed_scale", today=TODAY, stdout=StringIO(), **options)


def counts():
    return {model._meta.label: model.objects.count() for model in [*MODELS, HistoryEntry]}


def test_the_apps_register_their_scale_steps_in_dependency_order():
    assert [label for label, _ in scale.scale_steps()] == ["accounts", "certification", "audits"]


@pytest.mark.django_db
def test_fifty_accounts_have_every_stage_and_a_second_run_writes_nothing():
    seed(accounts=50, audits=150)
    first = counts()

    assert WsibAccount.objects.count() == 50
    assert Audit.objects.count() == InternalReview.objects.count() == 150
    assert set(Registration.objects.values_list("status", flat=True)) == set(
        RegistrationStatus.values
    )
    # Every review state of the initial cycle; `completed` belongs to a recertification
    # internal audit, which seed_scale does not build yet.
    assert set(InternalReview.objects.values_list("status", flat=True)) == set(
        InternalReviewStatus.values
    ) - {InternalReviewStatus.COMPLETED}
    assert set(CorrectiveActionPlan.objects.values_list("status", flat=True)) == set(
        CapStatus.values
    )
    assert {(d.kind, d.state) for d in Deadline.objects.all()} >= {
        ("D1", "open"),
        ("D1", "met"),
        ("D1", "missed"),
        ("D1", "cancelled"),
        ("D2", "open"),
        ("D2", "missed"),
    }
    # Every account number is 7 digits and distinct; only confirmed accounts have audits.
    numbers = list(WsibAccount.objects.values_list("account_number", flat=True))
    assert all(len(n) == 7 and n.isdigit() for n in numbers) and len(set(numbers)) == 50
    assert not Audit.objects.exclude(
        wsib_account__registrations__status=RegistrationStatus.CONFIRMED
    ).exists()
    assert ItemResponse.objects.exists() and HistoryEntry.objects.exists()
    staff = User.objects.filter(role=UserRole.REVIEWER)
    assert staff.exists() and not staff.first().has_usable_password()
    # The internal reviews' stored D1 due date agrees with the deadline table, as the
    # services keep it (the queue sorts on it).
    from audits.selectors import with_deadlines

    derived = dict(
        with_deadlines(Audit.objects.filter(internal_review__status__in=QUEUE_STATES),
                       include_missed=True).values_list("pk", "d1_due")
    )  # fmt: skip
    stored = dict(
        InternalReview.objects.filter(status__in=QUEUE_STATES).values_list(
            "audit_id", "review_due_on"
        )
    )
    assert stored == derived and None not in stored.values()
    assert (
        not InternalReview.objects.exclude(status__in=QUEUE_STATES)
        .exclude(review_due_on=None)
        .exists()
    )

    seed(accounts=50, audits=150)  # the same seed: nothing written twice
    assert counts() == first

    seed(accounts=5, audits=5, seed=2)  # another seed: a second data set beside the first
    assert WsibAccount.objects.count() == 55
    assert Audit.objects.count() == 155


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        seed(accounts=20, audits=40, seed=7)
        first = sorted(
            InternalReview.objects.values_list(
                "wsib_account__account_number", "status", "received_on"
            )
        )
        transaction.set_rollback(True)  # history is append-only: roll the whole set back
    assert not Audit.objects.exists()

    seed(accounts=20, audits=40, seed=7)
    again = sorted(
        InternalReview.objects.values_list("wsib_account__account_number", "status", "received_on")
    )
    assert again == first


@pytest.mark.django_db
def test_every_row_passes_the_models_validation_and_constraints():
    seed(accounts=50, audits=150)
    for model in MODELS:
        rows = model.objects.order_by("pk")
        if model is ItemResponse:
            rows = rows[:300]
        for row in rows:
            # full_clean: field validators (7-digit numbers, single lines …) and, through
            # validate_constraints, every CheckConstraint and UniqueConstraint of the model.
            row.full_clean(validate_unique=True, validate_constraints=True)


@pytest.mark.django_db
def test_a_foreign_key_to_nothing_is_refused_and_nothing_is_written(monkeypatch):
    def broken(run):
        Organization.objects.create(legal_name="Dangling Ltd.", sector="other")
        with connection.cursor() as cursor:  # a row the FK triggers would have refused
            cursor.execute(
                "INSERT INTO certification_wsibaccount (organization_id, account_number, "
                "firm_number, created_at) VALUES (999999999, '1234567', '1234567', now())"
            )
        run.counts["certification.WsibAccount"] = 1

    monkeypatch.setitem(scale._steps, "certification", broken)
    monkeypatch.setitem(scale._steps, "audits", lambda run: None)

    with pytest.raises(Exception, match="organization = 999999999 points at no"):
        seed(accounts=3)

    assert not User.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_bad_arguments_and_sqlite_are_refused(monkeypatch):
    with pytest.raises(CommandError, match="at least 1"):
        seed(accounts=0)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        seed(accounts=5)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_pages_and_api_answer_correctly_on_the_seeded_data(client, api_client):
    seed(accounts=50, audits=150)
    admin = User.objects.filter(role=UserRole.ADMINISTRATOR).first()
    reviewer = User.objects.filter(role=UserRole.REVIEWER).first()
    queued = Audit.objects.filter(internal_review__status__in=QUEUE_STATES)

    api_client.force_authenticate(admin)
    audits = api_client.get("/api/v1/audits/")
    # Keyset pages (no count): a full first page and a next link.
    assert audits.status_code == 200 and len(audits.json()["results"]) == 50
    assert audits.json()["next"]
    accounts = api_client.get("/api/v1/wsib-accounts/")
    assert accounts.status_code == 200 and len(accounts.json()["results"]) == 50
    deadlines = api_client.get("/api/v1/deadlines/")
    assert deadlines.status_code == 200 and deadlines.json()["results"]

    client.force_login(admin)
    queue = client.get("/audits/reviews/")
    assert queue.status_code == 200
    shown = queued.order_by("?").first()
    assert shown.wsib_account.account_number in queue.content.decode()
    assert client.get("/deadlines/").status_code == 200
    audit = Audit.objects.filter(internal_review__status=InternalReviewStatus.CONFIRMED).first()
    page = client.get(f"/audits/{audit.pk}/")
    assert page.status_code == 200
    assert audit.wsib_account.account_number in page.content.decode()

    client.force_login(reviewer)
    home = client.get("/")
    assert home.status_code == 200
