import pytest
from django.template.loader import render_to_string

from certification.enums import CertificationAction
from cor_portal.history.services import history_of, record


@pytest.mark.django_db
def test_history_partial_shows_actions_in_words_with_changes_and_reason(cast):
    record(
        subject=cast.organization,
        actor=cast.smr,
        action=CertificationAction.ORGANIZATION_UPDATED,
        changes={"workers": (40, 55)},
        reason="Hired a second crew",
    )

    html = render_to_string("partials/history.html", {"history": history_of(cast.organization)})

    assert "Organization updated" in html
    assert "organization_updated" not in html
    assert "<strong>workers</strong>: 40 → 55" in html
    assert "Hired a second crew" in html
    assert str(cast.smr) in html


@pytest.mark.django_db
def test_history_partial_shows_a_change_named_items(cast):
    # "items" is also dict.items: the partial must show the change, not call the method.
    record(
        subject=cast.organization,
        actor=None,
        action=CertificationAction.ORGANIZATION_UPDATED,
        changes={"items": (0, 3)},
    )

    html = render_to_string("partials/history.html", {"history": history_of(cast.organization)})

    assert "<strong>items</strong>: 0 → 3" in html
    assert "the portal" in html


@pytest.mark.django_db
def test_a_free_text_history_action_is_refused(cast):
    """Every action is a member of an app's history-action enum, so it has a label."""
    with pytest.raises(TypeError, match="not a member of a history-action enum"):
        record(subject=cast.organization, actor=None, action="something_happened")
