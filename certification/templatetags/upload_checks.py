"""`{% leading_bytes %}`: the accepted files' first bytes (certification/uploads.py), for an
upload form's data-leading-bytes attribute, which static/js/audits.js checks a chosen file
against before it sends it."""

from django import template

from certification.uploads import leading_bytes_attribute

register = template.Library()


@register.simple_tag
def leading_bytes() -> str:
    return leading_bytes_attribute()
