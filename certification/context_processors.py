"""Template context every page may use: `board_label`, what the signed-in user's pages call a
compensation-board account ("WSIB", "WCB"… in the active language) [SPEC §6.3].

An employer sees their organization's program's label; staff, who see accounts of every
program, see every program's label ("WSIB / WCB"). Read lazily (a page that does not show it
costs no query) and at most once per request."""

from django.utils.functional import lazy


def _label(request) -> str:
    from certification.models.programs import all_account_labels, label_in_language
    from certification.rules import account_label_pair_of

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "is_employer", False):
        pair = account_label_pair_of(user)  # the membership read the access layer makes anyway
        if pair is not None:
            return label_in_language(*pair)
    return all_account_labels()


def programs(request) -> dict[str, object]:
    return {"board_label": lazy(_label, str)(request)}
