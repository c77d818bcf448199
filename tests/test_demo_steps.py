"""The demo-step registry behind seed_demo (cor_portal/demo.py): each app registers its step,
the steps run in INSTALLED_APPS order, each in its own transaction."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from certification.models import Organization
from cor_portal import demo
from cor_portal.accounts.models import User
from cor_portal.deadlines.models import ClosureDate
from tests.factories import OrganizationFactory


def test_the_apps_register_their_steps_in_dependency_order():
    assert [label for label, _ in demo.demo_steps()] == [
        "accounts",
        "deadlines",
        "certification",
        "audits",
        "sose",
        "equivalency",
        "oversight",
    ]


@pytest.mark.django_db
def test_a_step_receives_the_users_and_what_the_earlier_steps_returned(monkeypatch):
    seen = {}

    def audits_step(run: demo.DemoRun) -> str:
        seen["users"] = sorted(run.users)
        seen["earlier"] = sorted(run.earlier)
        seen["maple"] = run.earlier["certification"]["maple"].legal_name
        return "audits done"

    monkeypatch.setitem(demo._steps, "audits", audits_step)
    run = demo.run_demo(password="demo-pass-1234")

    assert "admin" in seen["users"]
    assert seen["earlier"] == ["accounts", "certification", "deadlines"]
    assert seen["maple"] == "Maple Ridge Constructors Inc."
    assert run.earlier["audits"] == "audits done"
    assert User.objects.get(username="admin").check_password("demo-pass-1234")


@pytest.mark.django_db
def test_a_failing_step_keeps_the_steps_before_it_and_stops(monkeypatch):
    ran_after = []

    def certification_step(run: demo.DemoRun) -> None:
        OrganizationFactory(legal_name="Half-made Ltd.")
        raise RuntimeError("demo step failed")

    monkeypatch.setitem(demo._steps, "certification", certification_step)
    monkeypatch.setitem(demo._steps, "audits", lambda run: ran_after.append(run))

    with pytest.raises(RuntimeError, match="demo step failed"):
        demo.run_demo(password="demo-pass-1234")

    assert User.objects.filter(username="admin").exists()
    assert ClosureDate.objects.exists()
    assert not Organization.objects.filter(legal_name="Half-made Ltd.").exists()
    assert ran_after == []


@pytest.mark.django_db
def test_a_step_for_an_app_that_is_not_installed_is_refused_before_anything_runs(monkeypatch):
    monkeypatch.setitem(demo._steps, "not_installed_app", lambda run: None)

    with pytest.raises(ImproperlyConfigured, match="not_installed_app"):
        call_command("seed_demo")

    assert not User.objects.exists()
