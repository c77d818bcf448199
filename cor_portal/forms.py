"""The page side of the one domain error (cor_portal.errors): a service's refusal becomes a
form error beside the field it names, or a message on the page. NotAllowed is never shown
that way: these helpers re-raise it, and DomainErrorMiddleware answers it with a 403. So a
view may catch DomainError (which NotAllowed subclasses) without swallowing a refusal of
permission."""

from django import forms

from cor_portal.errors import DomainError, NotAllowed


def domain_error_message(exc: DomainError) -> str:
    """The message to show on the page. Re-raises NotAllowed (a 403, not a page message)."""
    if isinstance(exc, NotAllowed):
        raise exc
    return exc.message


def add_domain_error(form: forms.Form, exc: DomainError, prefix: str = "") -> None:
    """Put a service's error on the field it names (a form whose fields for the service's
    arguments carry `prefix` still gets it there), else on the form as a whole.
    Re-raises NotAllowed."""
    message = domain_error_message(exc)
    field = exc.field
    if field and prefix and f"{prefix}{field}" in form.fields:
        field = f"{prefix}{field}"
    form.add_error(field if field in form.fields else None, message)


def add_upload_refusal(form: forms.Form, exc: DomainError) -> None:
    """A file refused from its first bytes (certification.upload_handlers): the fields sent
    after it were never read, so their "required" errors would mislead — the form shows the
    refusal alone, on the file's field."""
    form.is_valid()  # the bound form's own errors, then replaced
    form.errors.clear()
    add_domain_error(form, exc)


def form_errors_text(form: forms.Form) -> str:
    """All of an invalid form's errors as one line (for a page that shows one message per
    row, e.g. an item of an audit, instead of the form)."""
    return " ".join(str(m) for msgs in form.errors.values() for m in msgs)
