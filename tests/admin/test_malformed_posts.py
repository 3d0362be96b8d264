"""Form posts the admin's widgets cannot read get a 400 and change nothing."""

import pytest

from practices.models import PracticePage

from .helpers import add_url, create_practice, practice_form_data


def without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize(
    "forge",
    [
        lambda data: without(data, "description-count"),
        lambda data: {**data, "description-0-order": "premier"},
        lambda data: {**data, "steps-count": "3"},  # blocks 1 and 2 are absent
        lambda data: {**data, "context": "<p>Du HTML brut</p>"},
        lambda data: {**data, "description-0-value": "<p>Du HTML brut</p>"},
    ],
    ids=[
        "stream count missing",
        "stream order not a number",
        "stream count too high",
        "raw html rich text",
        "raw html in a block",
    ],
)
def test_unreadable_practice_form_is_a_400(as_editor_a, territory_a, forge):
    data = forge(practice_form_data(title="Formulaire trafiqué"))
    response = as_editor_a.post(add_url(territory_a), data)
    assert response.status_code == 400
    assert "Requête incomprise" in response.content.decode()
    assert not PracticePage.objects.filter(title="Formulaire trafiqué").exists()


def test_well_formed_form_is_saved(as_editor_a, territory_a):
    """The control case: the same form, unaltered."""
    create_practice(as_editor_a, territory_a, title="Formulaire intact")
    assert PracticePage.objects.filter(title="Formulaire intact").exists()
