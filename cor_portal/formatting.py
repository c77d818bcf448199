"""Template filters every template has (TEMPLATES "builtins"): figures in the reader's language.

`pct` shows a percentage that the scoring code keeps as a canonical string ("79.99", the form
the API and the stored history use) with the active language's decimal mark: "79.99" in
English, "79,99" in French. "N/A" becomes the reader's "not applicable"; anything else
("—") is shown as it is."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value: object) -> str:
    if value is None or value == "":
        return ""
    if value == "N/A":
        return _("N/A")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number_format(number, decimal_pos=2)
