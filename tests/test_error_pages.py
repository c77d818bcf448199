"""Plain-language error pages in the site layout (never Django's debug or bare pages)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unknown_address_answers_a_404_page_in_the_site_layout(client, cast):
    client.force_login(cast.smr)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert 'class="site-header"' in html and reverse("home") in html
    assert "urlpatterns" not in html.lower()  # no URL list, debug or not


def test_another_organizations_object_reads_like_an_unknown_one(client, cast):
    from certification.models import WsibAccount

    client.force_login(cast.outsider)
    account = WsibAccount.objects.filter(organization=cast.organization).first()
    response = client.get(reverse("wsib_account_detail", args=[account.pk]))
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_forbidden_action_answers_a_403_page_that_says_why(client, cast):
    client.force_login(cast.viewer)
    response = client.get(reverse("registration_queue"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You are not allowed to do this" in html
    assert 'class="site-header"' in html


def test_server_error_page_renders_without_a_request_context(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html


def test_a_crashing_view_answers_the_500_page(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    import cor_portal.urls as root

    client = Client(raise_request_exception=False)
    root.urlpatterns.append(path("__boom__/", boom))
    try:
        response = client.get("/__boom__/")
    finally:
        root.urlpatterns.pop()
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
