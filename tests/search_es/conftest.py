"""Tests of the Elasticsearch engine against a live node (tests/conftest.py's
`es_url`): `bin/services start elasticsearch` runs one on 127.0.0.1:9200."""

import pytest


@pytest.fixture
def engine(es_engine):
    """The engine on indices of its own (created on first use, deleted after)."""
    return es_engine


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the messages' wording: pin the (English) source language."""
    from django.utils import translation

    with translation.override("en"):
        yield
