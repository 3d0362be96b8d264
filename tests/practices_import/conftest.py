"""Fixtures for the practices import: territories, a full record, a file writer."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from territories.models import Territory
from tests.factories import TerritoryFactory, member_page

FULL_RECORD = {
    "external_id": "demo-cd94-achats-responsables",
    "territory": {"kind": "departement", "insee": "94"},
    "title": "Achats publics responsables",
    "slug": "achats-publics-responsables",
    "summary": "Le Département utilise la réforme du code des marchés publics.",
    "context": "<p>Un contexte <b>riche</b>.</p>",
    "objectives": "<p>Des objectifs.</p>",
    "description": [
        {"type": "heading", "value": "Une ingénierie dédiée"},
        {"type": "paragraph", "value": "<p>Un <i>paragraphe</i>.</p>"},
        {
            "type": "quote",
            "value": {"quote": "Acheter, c'est agir.", "author": "Christian Hervy"},
        },
    ],
    "steps": [
        {"title": "Délibération", "period": "2009", "description": "Vote."},
        {"title": "Premiers marchés", "period": "2010", "description": ""},
    ],
    "start_date": "2009-01-01",
    "end_date": None,
    "status": "ongoing",
    "budget": 150000,
    "staff": "2 ETP",
    "funding_sources": "Budget départemental",
    "partners": [
        {
            "name": "Coopérative Alpha",
            "kind": "ess",
            "website": "https://alpha.example",
        },
        {"name": "Ville de Créteil", "kind": "public", "website": ""},
    ],
    "partner_territories": [{"kind": "commune", "insee": "94028"}],
    "results": "<p>Des résultats.</p>",
    "indicators": [
        {"label": "Heures d'insertion", "value": 12000, "unit": "heures", "year": 2010},
        {"label": "Part des marchés", "value": 12.5, "unit": "%", "year": None},
    ],
    "lessons": "<p>Des leçons.</p>",
    "transferability": "<p>Transférable.</p>",
    "contact": {
        "name": "Marie Dupont",
        "role": "Chargée de mission",
        "email": "m@cd94.example",
    },
    "last_reviewed": "2026-06-01",
    "themes": ["achats-responsables"],
    "levers": ["clause-marches-publics"],
    "audiences": ["siae"],
    "published_at": "2010-02-01T10:00:00+01:00",
    "publish": True,
}

TERMS = {
    "themes": [
        {
            "slug": "achats-responsables",
            "name": "Achats publics responsables",
            "description": "Commande publique socialement responsable.",
        }
    ],
    "levers": [
        {
            "slug": "clause-marches-publics",
            "name": "Clause dans les marchés publics",
            "description": "",
        }
    ],
    "audiences": [{"slug": "siae", "name": "Structures d'insertion"}],
}


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever translations get shipped."""
    with translation.override("en"):
        yield


@pytest.fixture
def territories(home):
    """Val-de-Marne and a métropole (members), Créteil (not a member)."""
    region = TerritoryFactory(
        kind=Territory.Kind.REGION, code="11", name="Île-de-France"
    )
    dep = TerritoryFactory(
        kind="departement", code="94", name="Val-de-Marne", region=region
    )
    epci = TerritoryFactory(
        kind="epci",
        code="200054781",
        siren="200054781",
        name="Métropole du Grand Paris",
        epci_type="METRO",
        region=region,
    )
    commune = TerritoryFactory(
        kind="commune", code="94028", name="Créteil", region=region, departement=dep
    )
    return {
        "region": region,
        "departement": dep,
        "epci": epci,
        "commune": commune,
        "dep_page": member_page(dep),
        "epci_page": member_page(epci),
    }


@pytest.fixture
def record():
    """A fresh deep copy of a record filling every field."""
    return lambda **changes: {**copy.deepcopy(FULL_RECORD), **changes}


@pytest.fixture
def document():
    """Build a whole file's data around practice records (terms included)."""

    def build(*practices, **top_level):
        data = {"format": "rtes-practices/1", **copy.deepcopy(TERMS)}
        data["practices"] = list(practices)
        data.update(top_level)
        return data

    return build


@pytest.fixture
def write_file(tmp_path):
    """Write data as a JSON file (or raw text) and return its path."""
    count = iter(range(1000))

    def write(data) -> str:
        path = tmp_path / f"import-{next(count)}.json"
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


class ImportRun:
    """What one run of the command printed, and the error it raised if any."""

    def __init__(self, out: str, err: str, error: CommandError | None):
        self.out, self.err, self.error = out, err, error

    @property
    def output(self) -> str:
        return self.out + self.err + (str(self.error) if self.error else "")


@pytest.fixture
def run_import(write_file):
    """Run `import_practices` on data (or raw text) and capture what it says."""

    def run(data, *args) -> ImportRun:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                "import_practices", write_file(data), *args, stdout=out, stderr=err
            )
        except CommandError as error:
            return ImportRun(out.getvalue(), err.getvalue(), error)
        return ImportRun(out.getvalue(), err.getvalue(), None)

    return run
