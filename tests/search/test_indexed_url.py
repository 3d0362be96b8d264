"""The index holds a practice's French URL, whatever language indexing runs under."""

import pytest
from django.utils import translation

from search.documents import practice_documents
from tests.factories import TerritoryFactory, member_page, practice

pytestmark = pytest.mark.django_db


def test_indexed_url_is_the_french_one_under_english(home):
    page = practice(member_page(TerritoryFactory(name="Val-de-Marne", code="94")))
    with translation.override("en"):
        assert page.get_url().startswith("/en/")
        [document] = practice_documents([page.pk])
    assert document.url == page.get_url()  # French, outside the override
    assert not document.url.startswith("/en/")
