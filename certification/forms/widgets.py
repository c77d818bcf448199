"""Form widgets shared by the upload forms of every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.uploads import DOCUMENT_KINDS, allowed_extensions, leading_bytes_attribute

REFUSED_MESSAGE = _(
    "is not a type the portal accepts (its first bytes were checked): choose a PDF, an image "
    "(PNG, JPEG, GIF, TIFF or WebP), a Word, Excel or PowerPoint file, an OpenDocument text or "
    "spreadsheet, or a CSV file. Nothing was uploaded."
)


class CheckedFileInput(forms.FileInput):
    """A file input the browser checks before sending (static/js/portal.js): it carries the
    accepted files' first bytes (data-leading-bytes) and the sentence shown, beside it, when a
    chosen file cannot be one of them. The server checks the same list again on receipt."""

    template_name = "certification/widgets/checked_file_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, kinds=DOCUMENT_KINDS) -> None:
        super().__init__(attrs)
        self.kinds = kinds

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.setdefault("accept", allowed_extensions(self.kinds))
        widget_attrs["data-leading-bytes"] = leading_bytes_attribute()
        if widget_attrs.get("id"):
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{described} {widget_attrs['id']}-refused".strip()
        context["widget"]["refused_message"] = REFUSED_MESSAGE
        return context
