"""The one page-side handling of a service's DomainError: cor_portal.forms puts it on the form
(or returns its message), re-raising NotAllowed, which DomainErrorMiddleware answers with a
403 — so a view that catches DomainError cannot swallow a refusal of permission."""

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.urls import include, path, reverse

from cor_portal.errors import DomainError, NotAllowed
from cor_portal.forms import add_domain_error, domain_error_message, form_errors_text

ROOT = Path(__file__).resolve().parent.parent


class NameForm(forms.Form):
    name = forms.CharField()
    new_name = forms.CharField(required=False)


def _bound_form() -> NameForm:
    form = NameForm({"name": "Acme", "new_name": ""})
    assert form.is_valid()
    return form


# --- the form helper --------------------------------------------------------------------


def test_error_naming_a_form_field_lands_on_that_field():
    form = _bound_form()
    add_domain_error(form, DomainError("This name is taken.", field="name"))
    assert form.errors == {"name": ["This name is taken."]}
    assert form.non_field_errors() == []


@pytest.mark.parametrize("field", [None, "not_a_field"])
def test_error_naming_no_form_field_lands_above_the_form(field):
    form = _bound_form()
    add_domain_error(form, DomainError("Nothing was changed.", field=field))
    assert form.non_field_errors() == ["Nothing was changed."]
    assert "name" not in form.errors


def test_prefix_puts_the_error_on_the_prefixed_field_when_the_form_has_it():
    form = _bound_form()
    add_domain_error(form, DomainError("Give a name.", field="name"), prefix="new_")
    assert form.errors == {"new_name": ["Give a name."]}


def test_prefix_falls_back_to_the_plain_field():
    form = NameForm({"name": "Acme"})
    form.fields.pop("new_name")
    assert form.is_valid()
    add_domain_error(form, DomainError("Give a name.", field="name"), prefix="new_")
    assert form.errors == {"name": ["Give a name."]}


def test_form_helper_re_raises_not_allowed_and_leaves_the_form_alone():
    form = _bound_form()
    refusal = NotAllowed("Only the SMR may do this.")
    with pytest.raises(NotAllowed) as raised:
        add_domain_error(form, refusal)
    assert raised.value is refusal
    assert form.errors == {}


def test_message_helper_returns_the_message_and_re_raises_not_allowed():
    assert domain_error_message(DomainError("Too late.", field="day")) == "Too late."
    refusal = NotAllowed("No.")
    with pytest.raises(NotAllowed) as raised:
        domain_error_message(refusal)
    assert raised.value is refusal


# --- the middleware, through the whole request stack ----------------------------------------


def _service(kind: str) -> None:
    if kind == "not-allowed":
        raise NotAllowed("Only certifying-body staff may do this.")
    if kind == "invalid":
        raise DomainError("This name is taken.", field="name")


def raises_not_allowed(request):
    _service("not-allowed")
    return HttpResponse("unreachable")


def raises_domain_error(request):
    _service("invalid")
    return HttpResponse("unreachable")


def form_view(request, kind: str):
    """The usual page shape: catch DomainError and show it on the form."""
    form = NameForm({"name": "Acme"})
    form.is_valid()
    try:
        _service(kind)
    except DomainError as exc:
        add_domain_error(form, exc)
        return HttpResponse(f"errors: {dict(form.errors)}", status=400)
    return HttpResponse("saved")


def message_view(request, kind: str):
    """The other usual shape: catch DomainError and show it as a message."""
    try:
        _service(kind)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
        return HttpResponse("refused", status=400)
    return HttpResponse("done")


urlpatterns = [
    path("not-allowed/", raises_not_allowed, name="t_not_allowed"),
    path("domain-error/", raises_domain_error, name="t_domain_error"),
    path("form/<str:kind>/", form_view, name="t_form"),
    path("message/<str:kind>/", message_view, name="t_message"),
    # The site's own URLs too: the 403 page is rendered in the site layout, which links them.
    path("", include("cor_portal.urls")),
]


@pytest.mark.urls(__name__)
def test_not_allowed_raised_in_a_view_is_a_403(client, caplog):
    response = client.get(reverse("t_not_allowed"))
    assert response.status_code == 403
    assert b"unreachable" not in response.content
    # Logged like any PermissionDenied (Django's handler answered it).
    assert any("Forbidden" in r.getMessage() for r in caplog.records)


@pytest.mark.urls(__name__)
def test_other_domain_errors_are_not_turned_into_a_403(client):
    # A view that lets a plain DomainError escape is a bug; the middleware does not hide it.
    with pytest.raises(DomainError, match=r"^This name is taken\.$"):
        client.get(reverse("t_domain_error"))


@pytest.mark.urls(__name__)
def test_form_view_shows_a_domain_error_on_its_field(client):
    response = client.get(reverse("t_form", args=["invalid"]))
    assert response.status_code == 400
    assert response.content.decode() == "errors: {'name': ['This name is taken.']}"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", ["t_form", "t_message"])
def test_view_catching_domain_error_does_not_swallow_not_allowed(client, name):
    response = client.get(reverse(name, args=["not-allowed"]))
    assert response.status_code == 403
    assert b"refused" not in response.content
    assert b"errors" not in response.content


@pytest.mark.urls(__name__)
def test_message_view_shows_a_domain_error_as_a_message(client):
    response = client.get(reverse("t_message", args=["invalid"]))
    assert response.status_code == 400
    assert [str(m) for m in response.wsgi_request._messages] == ["This name is taken."]


def test_middleware_is_installed(settings):
    assert "cor_portal.middleware.DomainErrorMiddleware" in settings.MIDDLEWARE


# --- no page view turns a DomainError into page text by hand ---------------------------------

# Deliberate: the invitation link renders its own page with the refusal and a 403 status.
SHOWS_NOT_ALLOWED_ITSELF = {("certification/views/onboarding.py", "invitation_accept")}


def _view_modules() -> list[Path]:
    found = []
    for app in ("certification", "audits", "cor_portal"):
        for file in (ROOT / app).rglob("*.py"):
            if file.name == "views.py" or file.parent.name == "views":
                found.append(file)
    return sorted(found)


def _catches_domain_error(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id == "DomainError" for n in names)


def test_page_views_show_domain_errors_only_through_the_shared_helpers():
    offenders = []
    for file in _view_modules():
        rel = file.relative_to(ROOT).as_posix()
        tree = ast.parse(file.read_text())
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            for handler in ast.walk(func):
                if not (isinstance(handler, ast.ExceptHandler) and _catches_domain_error(handler)):
                    continue
                if handler.name is None or (rel, func.name) in SHOWS_NOT_ALLOWED_ITSELF:
                    continue
                for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
                    if (
                        isinstance(node, ast.Attribute)
                        and node.attr in {"message", "field"}
                        and isinstance(node.value, ast.Name)
                        and node.value.id == handler.name
                    ):
                        offenders.append(f"{rel}:{node.lineno} in {func.name}")
    assert _view_modules(), "no view modules found"
    assert offenders == [], "use cor_portal.forms helpers (they re-raise NotAllowed)"


class TwoFieldsForm(forms.Form):
    name = forms.CharField()
    code = forms.CharField(max_length=2)


def test_form_errors_text_joins_every_error_in_field_order():
    form = TwoFieldsForm({"name": "", "code": "abc"})
    assert not form.is_valid()
    assert form_errors_text(form) == (
        "This field is required. Ensure this value has at most 2 characters (it has 3)."
    )
