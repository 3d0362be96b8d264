"""Fixtures of the typed documents' tests: the admin tests' two territories and
editors, PDFs written in the tests, and the engine a test runs on."""

import pytest
from django.utils import translation

from search.engines.database import DatabaseSearchEngine
from tests.admin.conftest import (  # noqa: F401 - fixtures
    _fast_passwords,
    as_editor_a,
    document_of_b,
    editor_a,
    editor_b,
    territory_a,
    territory_b,
)

from .pdfs import document, pdf_bytes


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, db):
    """Each engine in turn: the database one (SQLite or PostgreSQL, as
    configured), then Elasticsearch on indices of its own."""
    if request.param == "database":
        return DatabaseSearchEngine()
    return request.getfixturevalue("es_engine")


@pytest.fixture
def pdf_of_a(territory_a):  # noqa: F811 - the imported fixture
    """A PDF in territory A's collection."""
    return document(
        territory_a.collection,
        "Délibération du conseil départemental",
        pdf_bytes("Le conseil adopte la tarification solidaire des cantines."),
        name="deliberation-2024.pdf",
    )


@pytest.fixture
def french():
    with translation.override("fr"):
        yield
