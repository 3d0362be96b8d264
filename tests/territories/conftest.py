import shutil
from pathlib import Path

import pytest

SUBSET = (
    Path(__file__).resolve().parents[2]
    / "territories"
    / "data"
    / "decoupage-administratif"
)


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A writable copy of the shipped subset, to alter one file in a test."""
    return Path(shutil.copytree(SUBSET, tmp_path / "dataset"))


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the messages' wording: pin the (English) source language."""
    from django.utils import translation

    with translation.override("en"):
        yield
