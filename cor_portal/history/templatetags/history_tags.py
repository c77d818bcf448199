from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """A history action code ("registration_confirmed") as words ("Registration confirmed")."""
    return gettext(action.replace("_", " ").strip().capitalize())
