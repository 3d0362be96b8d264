"""Fixtures of the lineage tests: the admin tests' two territories and editors."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.admin.conftest import (  # noqa: F401 - fixtures
    _fast_passwords,
    as_editor_a,
    draft_practice_b,
    editor_a,
    editor_b,
    editorial_user,
    practice_b,
    territory_a,
    territory_b,
)
from tests.factories import practice


@pytest.fixture
def practice_a(territory_a):  # noqa: F811 - the fixture above
    """A published practice of territory A."""
    return practice(territory_a, title="Clauses sociales du Val-de-Marne")


def inspirations(*items, initial=0) -> dict:
    """POST data of the "Inspirée de" panel: (source, note) or dicts."""
    forms = [
        item if isinstance(item, dict) else {"source": str(item[0]), "note": item[1]}
        for item in items
    ]
    return nested_form_data({"inspirations": inline_formset(forms, initial=initial)})
