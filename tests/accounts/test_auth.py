"""Login (username or e-mail), logout, password change, password reset by e-mail, login
throttling — all through allauth, rendered in the portal's own layout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from cor_portal.accounts.models import User
from cor_portal.notifications.models import OutboundEmail
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def smr(cast):
    return cast.smr


@pytest.mark.parametrize("identifier", ["username", "email", "EMAIL-UPPER"])
def test_login_with_username_or_email(client, smr, identifier):
    login = {
        "username": smr.username,
        "email": smr.email,
        "EMAIL-UPPER": smr.email.upper(),
    }[identifier]
    response = client.post(LOGIN, {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == smr.pk


def test_login_page_uses_portal_layout_and_keeps_field_names(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/static/css/portal.css"' in html
    assert 'class="skip-link"' in html
    assert 'name="login"' in html and 'name="password"' in html
    assert "<title>" in html and "Sign In" in html
    assert "style=" not in html


def test_wrong_password_gives_clear_message_and_no_session(client, smr):
    response = client.post(LOGIN, {"login": smr.username, "password": "wrong password"})
    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    smr.refresh_from_db()
    assert smr.last_login is None


def test_unverified_email_cannot_log_in(client):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client.post(LOGIN, {"login": user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_logout(client, smr):
    client.force_login(smr)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home"))["Location"].startswith(LOGIN)


def test_password_change(client, smr):
    client.force_login(smr)
    url = reverse("account_change_password")
    page = client.get(url)
    assert page.status_code == 200 and 'name="oldpassword"' in page.content.decode()
    response = client.post(
        url,
        {"oldpassword": PASSWORD, "password1": "n3w-Passphrase!", "password2": "n3w-Passphrase!"},
    )
    assert response.status_code == 302
    smr.refresh_from_db()
    assert smr.check_password("n3w-Passphrase!")


def test_password_change_with_wrong_current_password_changes_nothing(client, smr):
    client.force_login(smr)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not it", "password1": "n3w-Passphrase!", "password2": "n3w-Passphrase!"},
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    smr.refresh_from_db()
    assert smr.check_password(PASSWORD)


def test_password_reset_by_email_through_the_outbox(
    client, smr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": smr.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    # Queued in our outbox, then sent by the (eager) Celery task after commit.
    queued = OutboundEmail.objects.get(to=smr.email)
    assert queued.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [smr.email]
    assert message.subject.startswith("[COR Portal] ")
    link = re.search(r"http://[^/]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    # allauth redirects the key URL to a session-bound one, then shows the form.
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    assert 'name="password1"' in page.content.decode()
    done = client.post(
        form_url, {"password1": "Res3t-Passphrase!", "password2": "Res3t-Passphrase!"}
    )
    assert done.status_code == 302
    smr.refresh_from_db()
    assert smr.check_password("Res3t-Passphrase!")


def test_password_reset_for_unknown_address_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert not User.objects.filter(email="nobody@example.test").exists()


def test_login_is_throttled_after_repeated_failures(client, smr, settings):
    from django.core.cache import cache

    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
    for _ in range(5):
        response = client.post(LOGIN, {"login": smr.username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"login": smr.username, "password": PASSWORD})
    # Even the right password is refused while throttled.
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    cache.clear()


def test_a_french_users_password_reset_email_is_french_with_the_french_prefix(
    client, smr, django_capture_on_commit_callbacks
):
    """Asked from an English browser, for a user who chose French: the e-mail and its
    "[Portail COR]" prefix are French (issue 8)."""
    smr.language = "fr-ca"
    smr.save(update_fields=["language"])
    # (override: the request's LocaleMiddleware would leave its language active)
    with translation.override("en-ca"), django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"), {"email": smr.email}, HTTP_ACCEPT_LANGUAGE="en-ca"
        )
    [message] = mail.outbox
    assert message.subject.startswith("[Portail COR] ")
    assert "[COR Portal]" not in message.subject and "Password Reset" not in message.subject


def test_an_english_users_password_reset_email_keeps_the_english_prefix(
    client, smr, django_capture_on_commit_callbacks
):
    smr.language = "en-ca"
    smr.save(update_fields=["language"])
    # (override: the request's LocaleMiddleware would leave its language active)
    with translation.override("en-ca"), django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"), {"email": smr.email}, HTTP_ACCEPT_LANGUAGE="fr-ca"
        )
    [message] = mail.outbox
    assert message.subject.startswith("[COR Portal] ")
