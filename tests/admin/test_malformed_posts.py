"""Form posts the admin's widgets cannot read get a 400 and change nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.models import PracticePage

from .helpers import add_url, create_practice, practice_form_data


def without(data: dict, key: str) -> dict:
    return without_all(data, {key})


def without_all(data: dict, keys: set) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


@pytest.mark.parametrize(
    "forge",
    [
        lambda data: without(data, "description-count"),
        lambda data: {**data, "description-0-order": "premier"},
        lambda data: {**data, "steps-count": "3"},  # blocks 1 and 2 are absent
        lambda data: {**data, "context": "<p>Du HTML brut</p>"},
        lambda data: {**data, "description-0-value": "<p>Du HTML brut</p>"},
        lambda data: {**data, "context": "0"},
        lambda data: {**data, "context": "[]"},
        lambda data: {**data, "partners-INITIAL_FORMS": "1"},
    ],
    ids=[
        "stream count missing",
        "stream order not a number",
        "stream count too high",
        "raw html rich text",
        "raw html in a block",
        "rich text state a number",
        "rich text state a list",
        "inline form announced without its id",
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


FORM_KEYS = sorted(practice_form_data())


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    dropped=st.sets(st.sampled_from(FORM_KEYS), max_size=4),
    changed=st.dictionaries(
        st.sampled_from(FORM_KEYS),
        st.one_of(
            st.text(max_size=40), st.sampled_from(["", "-1", "999999", "{}", "[]"])
        ),
        max_size=4,
    ),
)
def test_altered_practice_form_never_500(as_editor_a, territory_a, dropped, changed):
    """Any field dropped or rewritten: a form error or a 400, never a crash."""
    data = {**without_all(practice_form_data(), dropped), **changed}
    response = as_editor_a.post(add_url(territory_a), data)
    assert response.status_code in (200, 302, 400), (dropped, changed)
