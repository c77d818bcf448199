"""Programs [SPEC §6.3]: the shipped configuration, the account-number format per program
(pure, at its edges), the account services under each program, the programs API (read for
all, write for administrators; bad input refused with nothing changed) and query pins."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from certification.models import Organization, Program, ProgramYear, WsibAccount
from certification.programs import (
    IHSA_ACCOUNT_FORMAT,
    AccountNumberFormat,
    account_number_problem,
    format_problems,
)
from certification.services.organization import wsib_account_create
from certification.services.programs import program_update, program_year_save
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import OrganizationFactory, member

WCB = AccountNumberFormat(label="WCB", min_digits=7, max_digits=9)


# --- pure: the account number format ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1234567", True), ("0000001", True), ("123456", False), ("12345678", False)],
)
def test_wsib_numbers_are_exactly_seven_digits(value, ok):
    assert (account_number_problem(value, IHSA_ACCOUNT_FORMAT) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("123456", False), ("1234567", True), ("123456789", True), ("1234567890", False)],
)
def test_wcb_numbers_have_seven_to_nine_digits(value, ok):
    problem = account_number_problem(value, WCB)
    assert (problem is None) is ok
    if not ok:
        assert "7 to 9 digits" in problem


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "Enter the number."),
        (None, "Enter the number."),
        ("123 4567", "without spaces"),
        ("12345a7", "digits only"),
        ("１２３４５６７", "digits only"),  # full-width digits are not ASCII
    ],
)
def test_bad_numbers_say_what_is_wrong(value, says):
    assert says in account_number_problem(value, WCB)


def test_a_format_needs_a_label_and_a_sane_digit_range():
    assert format_problems(WCB) == []
    assert len(format_problems(AccountNumberFormat(label=" ", min_digits=9, max_digits=7))) == 2
    assert format_problems(AccountNumberFormat(label="X", min_digits=1, max_digits=13))


# --- the shipped configuration ------------------------------------------------------------


@pytest.mark.django_db
def test_ihsa_is_the_default_and_acsa_ships_configured():
    ihsa, acsa = Program.objects.get(code="ihsa"), Program.objects.get(code="acsa")
    assert ihsa.is_default and not acsa.is_default
    assert (ihsa.account_label, ihsa.account_label_fr) == ("WSIB", "CSPAAT")
    assert acsa.account_format == WCB
    assert ihsa.offers("sose_sap") and not ihsa.offers("acsa_maintenance")
    assert acsa.action_plan_kinds == ["acsa_maintenance"]
    year = acsa.year_for(datetime.date(2026, 6, 1))
    assert year is not None and year.year == 2026
    assert (year.proposal_due_on, year.final_submission_due_on, year.maintenance_audit_due_on) == (
        datetime.date(2026, 4, 30),
        datetime.date(2026, 10, 31),
        datetime.date(2026, 12, 31),
    )
    assert acsa.year_for(datetime.date(2030, 1, 1)) is None
    with translation.override("fr-ca"):
        assert ihsa.account_label_display == "CSPAAT"
        assert acsa.account_label_display == "WCB"
    assert ihsa.account_label_display == "WSIB"


@pytest.mark.django_db
def test_organizations_belong_to_ihsa_unless_told_otherwise():
    assert OrganizationFactory().program_id == "ihsa"
    assert not Organization.objects.exclude(program_id="ihsa").exists()


# --- accounts under each program ------------------------------------------------------------


@pytest.fixture
def alberta(db):
    org = OrganizationFactory(program_id="acsa", province="AB", city="Calgary")
    return org, member(org, "smr")


def test_an_alberta_employer_registers_a_nine_digit_wcb_account(alberta):
    org, smr = alberta
    account = wsib_account_create(
        organization=org,
        account_number="123456789",
        firm_number="1234567",
        ohsms_in_place_since=None,
        by=smr,
    )
    assert str(account) == "WCB 123456789"
    assert account.account_label == "WCB"


@pytest.mark.parametrize("number", ["1234567890", "123456"])
def test_an_alberta_number_out_of_the_wcb_format_is_refused(alberta, number):
    org, smr = alberta
    with pytest.raises(DomainError) as exc:
        wsib_account_create(
            organization=org,
            account_number=number,
            firm_number="1234567",
            ohsms_in_place_since=None,
            by=smr,
        )
    assert exc.value.field == "account_number"
    assert "7 to 9 digits" in exc.value.message
    assert not WsibAccount.objects.filter(organization=org).exists()


def test_an_ontario_employer_still_needs_seven_digits(cast):
    with pytest.raises(DomainError) as exc:
        wsib_account_create(
            organization=cast.organization,
            account_number="123456789",
            firm_number="1234567",
            ohsms_in_place_since=None,
            by=cast.smr,
        )
    assert "exactly 7 digits" in exc.value.message


# --- services ---------------------------------------------------------------------------------


def test_an_administrator_changes_a_benchmark_with_history(cast):
    acsa = Program.objects.get(code="acsa")
    program_update(program=acsa, values={"benchmark_element_pct": Decimal("55")}, by=cast.admin)
    acsa.refresh_from_db()
    assert acsa.benchmark_element_pct == Decimal("55")
    assert [h.action for h in history_of(acsa)] == ["program_updated"]


def test_only_an_administrator_changes_a_program(cast):
    acsa = Program.objects.get(code="acsa")
    for user in (cast.smr, cast.reviewer):
        with pytest.raises(NotAllowed):
            program_update(program=acsa, values={"name": "X"}, by=user)
    acsa.refresh_from_db()
    assert acsa.name == "ACSA (Alberta)"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"account_min_digits": 10, "account_max_digits": 9}, None),
        ({"benchmark_overall_pct": Decimal("0")}, "benchmark_overall_pct"),
        ({"benchmark_element_pct": Decimal("100.01")}, "benchmark_element_pct"),
        ({"is_default": True}, None),
        ({"action_plan_kinds": ["a", "a"]}, "action_plan_kinds"),
        ({"code": "other"}, "code"),
        ({"province": "XX"}, "province"),
    ],
)
def test_bad_program_values_are_refused_and_nothing_changes(cast, values, field):
    acsa = Program.objects.get(code="acsa")
    before = list(Program.objects.values())
    with pytest.raises(DomainError) as exc:
        program_update(program=acsa, values=values, by=cast.admin)
    if field:
        assert exc.value.field == field
    assert list(Program.objects.values()) == before
    assert not history_of(acsa).exists()


def test_program_years_are_added_and_checked(cast):
    acsa = Program.objects.get(code="acsa")
    year = program_year_save(
        program=acsa,
        values={
            "year": 2028,
            "starts_on": datetime.date(2028, 1, 1),
            "ends_on": datetime.date(2028, 12, 31),
            "proposal_due_on": datetime.date(2028, 5, 15),
            "final_submission_due_on": datetime.date(2028, 11, 15),
        },
        by=cast.admin,
    )
    assert acsa.year_for(datetime.date(2028, 5, 15)) == year
    count = ProgramYear.objects.count()
    with pytest.raises(DomainError) as exc:
        program_year_save(
            program=acsa,
            values={
                "year": 2028,
                "starts_on": datetime.date(2028, 1, 1),
                "ends_on": datetime.date(2028, 12, 31),
            },
            by=cast.admin,
        )
    assert "already has this year" in exc.value.message
    with pytest.raises(DomainError) as exc:
        program_year_save(
            program=acsa,
            values={
                "year": 2029,
                "starts_on": datetime.date(2029, 1, 1),
                "ends_on": datetime.date(2029, 12, 31),
                "proposal_due_on": datetime.date(2029, 11, 1),
                "final_submission_due_on": datetime.date(2029, 10, 1),
            },
            by=cast.admin,
        )
    assert "proposal deadline" in exc.value.message
    assert ProgramYear.objects.count() == count


# --- API ----------------------------------------------------------------------------------------


def test_the_api_lists_programs_with_benchmarks_format_and_years(
    cast, api_client, django_assert_max_num_queries
):
    api_client.force_authenticate(cast.viewer)
    with django_assert_max_num_queries(8):
        answer = api_client.get("/api/v1/programs/")
    assert answer.status_code == 200
    rows = (
        {p["code"]: p for p in answer.json()["results"]}
        if "results" in answer.json()
        else {p["code"]: p for p in answer.json()}
    )
    assert rows["ihsa"]["benchmark_element_pct"] == "65.00"
    assert rows["acsa"]["benchmark_element_pct"] == "50.00"
    assert rows["acsa"]["account_label"] == "WCB"
    assert rows["acsa"]["account_max_digits"] == 9
    assert [y["year"] for y in rows["acsa"]["years"]][:2] == [2026, 2027]
    assert rows["acsa"]["years"][0]["proposal_due_on"] == "2026-04-30"


def test_the_list_costs_the_same_with_more_programs_and_years(
    cast, api_client, django_assert_num_queries
):
    api_client.force_authenticate(cast.admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/v1/programs/")
    for n in range(3):
        program = Program.objects.create(
            code=f"p{n}", name=f"P{n}", partner_name="P", province="BC"
        )
        ProgramYear.objects.create(
            program=program,
            year=2026,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        api_client.get("/api/v1/programs/")


def test_an_administrator_patches_a_program_through_the_api(cast, api_client):
    api_client.force_authenticate(cast.admin)
    answer = api_client.patch("/api/v1/programs/acsa/", {"account_max_digits": 10}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["account_max_digits"] == 10


def test_a_bad_patch_is_answered_400_with_nothing_changed(cast, api_client):
    api_client.force_authenticate(cast.admin)
    before = list(Program.objects.values())
    answer = api_client.patch("/api/v1/programs/acsa/", {"account_min_digits": 11}, format="json")
    assert answer.status_code == 400
    assert "minimum" in str(answer.json())
    assert list(Program.objects.values()) == before


def test_others_may_not_write_programs(cast, api_client):
    api_client.force_authenticate(cast.reviewer)
    answer = api_client.patch("/api/v1/programs/acsa/", {"name": "X"}, format="json")
    assert answer.status_code == 403
    answer = api_client.post("/api/v1/program-years/", {"program": "acsa"}, format="json")
    assert answer.status_code == 403


def test_an_administrator_adds_a_program_year_through_the_api(cast, api_client):
    api_client.force_authenticate(cast.admin)
    answer = api_client.post(
        "/api/v1/program-years/",
        {
            "program": "acsa",
            "year": 2030,
            "starts_on": "2030-01-01",
            "ends_on": "2030-12-31",
            "proposal_due_on": "2030-04-30",
            "final_submission_due_on": "2030-10-31",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert ProgramYear.objects.filter(program_id="acsa", year=2030).exists()
    again = api_client.post(
        "/api/v1/program-years/",
        {"program": "acsa", "year": 2030, "starts_on": "2030-01-01", "ends_on": "2030-12-31"},
        format="json",
    )
    assert again.status_code == 400
