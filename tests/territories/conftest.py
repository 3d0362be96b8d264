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
