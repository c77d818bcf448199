"""The hot queries' plans on seeded data (README "Indexes"): with enough rows and fresh
statistics, the planner — sequential scans allowed, nothing forced — reads every large table
of a hot query through its index, and this test fails when a plan falls back to a
sequential scan (an index dropped, a query changed so no index fits its order).

Method: 4,000 accounts, 10,000 audits, 40,000 deadlines (4 % open, most met, as
years of them accumulate) and 8,000 users are inserted with
generate_series in the test's transaction (about a second), ANALYZE gives the planner their
statistics, and EXPLAIN (FORMAT JSON) of each query — the SQL Django sends — is walked for
Seq Scan nodes on the large tables and for the index the query is meant to use. The tables
of a handful of rows (content types, tool versions) may be scanned: that is the planner's
right choice for them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.selectors import (
    assignable_reviewers,
    audits_for_api,
    audits_for_api_list,
    review_queue,
    review_queue_count,
    review_queue_rows,
    reviewer_home_audits,
)
from certification.selectors import wsib_accounts_for_list
from cor_portal.access import visible
from cor_portal.accounts.models import User
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.selectors import _count_dashboard
from cor_portal.pagination import Keyset

LARGE = {
    "audits_audit",
    "audits_internalreview",
    "deadlines_deadline",
    "certification_wsibaccount",
    "certification_organization",
    "accounts_user",
}

SEED = """
INSERT INTO accounts_user (password,is_superuser,username,first_name,last_name,is_staff,
  is_active,date_joined,email,role,auditing_company,language)
SELECT '!', false, 'plan-user-'||g, 'U'||g, 'User'||g, g <= 30, true, now(), '',
  CASE WHEN g <= 30 THEN 'reviewer' ELSE 'employer' END, '', 'en'
FROM generate_series(1, 8000) g;
INSERT INTO certification_organization (legal_name,operating_name,street_address,city,
  province,postal_code,sector,workers,contact_name,contact_email,contact_phone,created_at,
  program_id)
SELECT 'Plan org '||md5(g::text), '', '', '', 'ON', '', 'construction', 10, '', '', '', now(),
  'ihsa'
FROM generate_series(1, 4000) g;
INSERT INTO certification_wsibaccount (account_number,firm_number,created_at,organization_id)
SELECT lpad((8000000 + row_number() over (order by id))::text, 7, '0'),
  lpad((8000000 + row_number() over (order by id))::text, 7, '0'), now(), id
FROM certification_organization WHERE legal_name LIKE 'Plan org %%';
INSERT INTO audits_audit (kind,created_at,updated_at,prepared_by_id,tool_id,wsib_account_id)
SELECT 'initial_internal', now() - (g||' minutes')::interval, now(), %(user)s, %(tool)s,
  (SELECT id FROM certification_wsibaccount WHERE account_number =
     lpad((8000000 + 1 + (g %% 4000))::text, 7, '0'))
FROM generate_series(1, 10000) g;
INSERT INTO audits_internalreview (kind,status,submitted_at,received_on,submission_count,
  report_issued_on,correction_due_on,review_due_on,created_at,updated_at,audit_id,
  reviewer_id,wsib_account_id)
SELECT CASE WHEN st = 'submitted' THEN 'initial_internal' ELSE 'internal_maintenance' END,
  st, now(), CURRENT_DATE - (id %% 90)::int, 1, NULL, NULL,
  CASE WHEN st = 'submitted' THEN CURRENT_DATE - (id %% 90)::int + 60 END,
  now(), now(), id, NULL, wsib_account_id
FROM (SELECT a.*, CASE WHEN row_number() over (partition by wsib_account_id order by id) = 1
        AND id %% 5 = 0 THEN 'submitted' ELSE 'returned' END st
      FROM audits_audit a WHERE tool_id = %(tool)s AND prepared_by_id = %(user)s) a;
INSERT INTO deadlines_deadline (kind,subject_id,organization_id,wsib_account_id,binds,title,
  url,opened_on,due_on,state,closed_at,missed_at,missed_on,created_at,subject_type_id)
SELECT 'PLAN', g::text, NULL, NULL, 'organization', 'Plan deadline', '',
  CURRENT_DATE - 400 + (g %% 700), CURRENT_DATE - 365 + (g %% 700), st,
  CASE WHEN st = 'met' THEN now() END, CASE WHEN st = 'missed' THEN now() END,
  CASE WHEN st = 'missed' THEN CURRENT_DATE - 364 + (g %% 700) END, now(), %(ct)s
FROM (SELECT g, CASE WHEN g %% 25 = 0 THEN 'open'
        WHEN g %% 25 = 1 AND (g %% 700) < 365 THEN 'missed' ELSE 'met' END st
      FROM generate_series(1, 40000) g) s;
ANALYZE accounts_user, certification_organization, certification_wsibaccount, audits_audit,
  audits_internalreview, deadlines_deadline;
"""


@pytest.fixture
def seeded(cast):
    from django.contrib.contenttypes.models import ContentType

    from tests.audits.conftest import make_tool

    tool, _items = make_tool()
    ct = ContentType.objects.get(app_label="audits", model="audit")
    with connection.cursor() as cursor:
        cursor.execute(SEED, {"user": cast.admin.pk, "tool": tool.pk, "ct": ct.pk})
    reviewer = User.objects.filter(role="reviewer").order_by("pk").first()
    return {"staff": cast.admin, "reviewer": reviewer}


def _plan_of(run) -> list[dict]:
    """EXPLAIN (FORMAT JSON) of each query `run()` sends."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    plans = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            cursor.execute("EXPLAIN (FORMAT JSON) " + query["sql"].replace("%", "%%"))
            plans.append(cursor.fetchone()[0][0]["Plan"])
    return plans


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _check(run, index: str) -> None:
    plans = _plan_of(run)
    nodes = [n for plan in plans for n in _nodes(plan)]
    scanned = sorted(
        n["Relation Name"]
        for n in nodes
        if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in LARGE
    )
    assert scanned == [], f"sequential scan of {scanned}"
    used = {n.get("Index Name") for n in nodes}
    assert index in used, f"{index} not used; indexes used: {sorted(filter(None, used))}"


def _first(qs: QuerySet, n: int = 50):
    return lambda: list(qs[:n])


def test_review_queue_and_reviewer_home_read_the_queue_index(seeded):
    user = seeded["reviewer"]
    _check(_first(review_queue(user)), "internalreview_queue_due")
    _check(_first(review_queue(user, "unassigned")), "internalreview_queue_due")
    _check(lambda: reviewer_home_audits(user, 8), "internalreview_queue_due")


def test_review_queue_page_rows_read_the_queue_index(seeded):
    # The page reads plain values (review_queue_rows), in the same index order.
    _check(_first(review_queue_rows(seeded["reviewer"])), "internalreview_queue_due")


def test_review_queue_count_reads_an_index(seeded):
    _check(lambda: review_queue_count(seeded["reviewer"]), "internalreview_status_recv")


def test_api_audits_newest_first_reads_its_index(seeded):
    qs = audits_for_api(seeded["staff"])
    _check(_first(qs), "audit_created_desc")
    keyset = Keyset(("-created_at", "-id"))
    page = keyset.page(qs, None)
    _check(lambda: keyset.page(qs, page.next), "audit_created_desc")
    _check(_first(audits_for_api_list(seeded["staff"])), "audit_created_desc")


def test_api_deadlines_by_due_date_read_their_index(seeded):
    qs = visible(Deadline, seeded["staff"]).select_related("subject_type")
    keyset = Keyset(("due_on", "id"))
    _check(lambda: keyset.page(qs, None), "deadline_due_id")
    middle = Deadline.objects.order_by("due_on", "id").values_list("due_on", "id")[20000]
    _check(lambda: keyset.page(qs, keyset.encode(list(middle), False)), "deadline_due_id")


def test_api_wsib_accounts_by_organization_name_read_its_index(seeded):
    _check(_first(wsib_accounts_for_list(seeded["staff"])), "organization_legal_name")


def test_reviewer_choices_read_the_role_index(seeded):
    _check(lambda: list(assignable_reviewers()), "user_role_name")


def test_dashboard_lists_read_the_state_index(seeded):
    # Missed, latest first; open (and due this week) by (due_on, id): ranges of one state.
    base = visible(Deadline, seeded["staff"])
    _check(_first(base.filter(state="missed").order_by("-due_on", "-id"), 26), "deadline_state_due")
    today = timezone.localdate()
    week = base.filter(state="open", due_on__range=(today, today + timedelta(days=6)))
    _check(_first(week.order_by("due_on", "id"), 26), "deadline_state_due")


def test_dashboard_counts_read_the_state_index(seeded):
    today = timezone.localdate()
    _check(lambda: _count_dashboard(seeded["staff"], today), "deadline_state_due")
    assert today - timedelta(days=1) < today  # the counts turn on the date (keyed per day)
