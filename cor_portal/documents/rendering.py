"""PDF rendering with WeasyPrint from Django templates."""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which web processes that never
    # render a PDF need not pay for.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=".").write_pdf()
