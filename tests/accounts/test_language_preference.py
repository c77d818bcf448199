"""The per-user language preference: stored by the account page and by the footer's
language switch, applied to every page of a signed-in user (the first after login too)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_default_is_the_site_default(cast):
    assert cast.smr.language == "en-ca"


def test_account_page_stores_the_preference(client, cast):
    client.force_login(cast.smr)
    response = client.post(reverse("account_overview"), {"language": "fr-ca"})
    assert response.status_code == 302
    cast.smr.refresh_from_db()
    assert cast.smr.language == "fr-ca"
    page = client.get(reverse("account_overview"))
    assert page["Content-Language"] == "fr-ca"
    assert "Votre compte" in page.content.decode()


def test_account_page_refuses_an_unknown_language(client, cast):
    client.force_login(cast.smr)
    response = client.post(reverse("account_overview"), {"language": "de"})
    assert response.status_code == 400
    cast.smr.refresh_from_db()
    assert cast.smr.language == "en-ca"


def test_language_switch_stores_the_choice_on_the_user(client, cast):
    client.force_login(cast.smr)
    client.post(reverse("set_language"), {"language": "fr-ca", "next": "/"})
    cast.smr.refresh_from_db()
    assert cast.smr.language == "fr-ca"
    client.post(reverse("set_language"), {"language": "zz", "next": "/"})
    cast.smr.refresh_from_db()
    assert cast.smr.language == "fr-ca"  # an unknown code changes nothing


def test_stored_language_wins_over_cookie_and_header_after_login(client, cast):
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    client.cookies["django_language"] = "en-ca"
    client.force_login(cast.smr)
    page = client.get(reverse("account_overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "fr-ca"


def test_anonymous_pages_keep_the_cookie(client):
    client.cookies["django_language"] = "fr-ca"
    page = client.get(reverse("account_login"))
    assert page["Content-Language"] == "fr-ca"


def test_staff_see_the_admin_link_in_context(client, cast):
    client.force_login(cast.smr)
    assert client.get(reverse("account_overview")).context["staff_admin_url"] == ""
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    context = client.get(reverse("account_overview")).context
    assert context["staff_admin_url"] == "/admin/"
    assert str(context["staff_admin_label"]) == "Administration"


def test_admin_names_our_app_distinctly(client, cast):
    from django.apps import apps

    assert str(apps.get_app_config("accounts").verbose_name) == "Users and access"
