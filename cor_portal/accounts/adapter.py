from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import authenticate
from django.utils import translation
from django.utils.encoding import force_str

from . import lockout
from .language import is_known_language


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails (verification, password reset) through our outbox, so they
    are queued after commit and retried like every other e-mail; limits failed logins with
    the same counters as the token endpoint (accounts.lockout)."""

    def send_mail(self, template_prefix, email, context):
        """In the reader's language: the user's own choice when the e-mail is about a user
        who made one (a password reset asked from an English browser for a French user is
        French), else the request's."""
        from cor_portal.notifications.services import email_queue

        user = context.get("user")
        language = getattr(user, "language", "") or ""
        if not is_known_language(language):
            language = translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        email_queue(to=email, subject=message.subject, body=message.body, html_body=html)

    def format_email_subject(self, subject) -> str:
        """The same "[COR Portal]" prefix as every other e-mail, in the active language (not
        allauth's one fixed ACCOUNT_EMAIL_SUBJECT_PREFIX)."""
        from cor_portal.notifications.services import prefixed

        return prefixed(force_str(subject))

    def authenticate(self, request, **credentials):
        """allauth's authenticate with accounts.lockout in place of its per-login counter
        (which keys on the typed identifier and locks the account from every address)."""
        from allauth.account.auth_backends import AuthenticationBackend

        login = credentials.get("email", credentials.get("username", ""))
        try:
            attempt = lockout.begin(request, login)
        except lockout.LoginLocked:
            from cor_portal.security.models import SecurityEventKind
            from cor_portal.security.services import security_event

            security_event(SecurityEventKind.LOGIN_LOCKED, request=request, login=login)
            raise self.validation_error("too_many_login_attempts") from None
        AuthenticationBackend.unstash_authenticated_user()
        user = authenticate(request, **credentials)
        user = user or AuthenticationBackend.unstash_authenticated_user()
        if user:
            attempt.succeeded()
        else:
            self.authentication_failed(request, **credentials)
        return user

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # A successful password reset: allauth clears its counters, we clear ours.
        super()._delete_login_attempts_cached_email(request, **credentials)
        from .models import User

        email = credentials.get("email", "")
        for user in User.objects.filter(email__iexact=email) if email else ():
            lockout.clear_account(user)
