"""A signed-in user's language preference (User.language) decides the language of their
pages, e-mails and documents. The footer's language buttons (Django's set_language view)
and the account page both store it; every request of a signed-in user, the first one after
login included, is answered in it."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def is_known_language(code: str | None) -> bool:
    return code in {c for c, _name in settings.LANGUAGES}


def user_language(user) -> str:
    """The language to address `user` in: their preference, else the site default."""
    code = getattr(user, "language", "") or ""
    return code if is_known_language(code) else settings.LANGUAGE_CODE


def set_user_language(user, code: str) -> None:
    """Store a valid language choice on the user (an unknown code changes nothing)."""
    if not is_known_language(code) or user.language == code:
        return
    user.language = code
    user.save(update_fields=["language"])


class UserLanguageMiddleware:
    """After authentication: a signed-in user's pages use their stored language (overriding
    the cookie or browser header LocaleMiddleware chose), and a choice posted to
    set_language is stored on the user as well as in Django's cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._set_language_path: str | None = None

    def _is_set_language(self, request) -> bool:
        if self._set_language_path is None:
            self._set_language_path = reverse("set_language")
        return request.method == "POST" and request.path == self._set_language_path

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if self._is_set_language(request):
                set_user_language(user, request.POST.get("language", ""))
            else:
                code = user_language(user)
                translation.activate(code)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
