"""PDF rendering with WeasyPrint from Django templates, in the addressee's language, with
the letterhead every document shares (templates/pdf/base.html): the issuer, the signing
officer, and how to verify the document (its public verification URL and a QR code)."""

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def verification_url(code: str) -> str:
    """The public page that says whether document `code` names is current."""
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[code])


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI (WeasyPrint renders it; no file, no network)."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=0)


def letterhead_context(verification_code: str | None) -> dict[str, Any]:
    issuer = getattr(settings, "DOCUMENT_ISSUER", {}) or {}
    officer = getattr(settings, "DOCUMENT_SIGNING_OFFICER", {}) or {}
    context: dict[str, Any] = {
        "issuer": issuer,
        "signing_officer": officer,
        "site_url": settings.SITE_URL,
        "verification_url": "",
        "verification_qr": "",
    }
    if verification_code:
        url = verification_url(verification_code)
        context["verification_url"] = url
        context["verification_qr"] = qr_data_uri(url)
    return context


def document_language(context: dict) -> str:
    """The language a document is written in: the one its context builder chose (the
    addressee's), else the site default — never the language of whoever happened to
    trigger the rendering, since the document is stored once for everyone."""
    code = context.get("language") or ""
    known = {c for c, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def in_language(values: dict, language: str) -> dict[str, str]:
    """A letterhead setting (DOCUMENT_ISSUER, DOCUMENT_SIGNING_OFFICER) for a document in
    `language` (active): each key's "<key>_fr" form in French when it is set, else the key's
    own value — a lazily translated default renders in `language`."""
    suffix = "_" + language.split("-")[0]
    return {
        key: str(values.get(key + suffix) or value or "")
        for key, value in values.items()
        if not key.endswith(("_en", "_fr"))
    }


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which web processes that never
    # render a PDF need not pay for.
    from weasyprint import HTML

    language = document_language(context)
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language}
        for key in ("issuer", "signing_officer"):
            if isinstance(context.get(key), dict):
                context[key] = in_language(context[key], language)
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=".").write_pdf()
