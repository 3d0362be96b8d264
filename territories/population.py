"""Populations of the régions, départements and EPCI, summed from their communes.

Etalab's dataset gives each commune its INSEE *population municipale*, and none
for régions and départements. `aggregate` sums the communes of the whole dataset
(once, by hand, from the npm package) into `data/populations.json`, a compact
file of population per territory code with the data's year; `import_populations`
writes it into `Territory.population`, idempotently. See docs/territories.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Territory

Kind = Territory.Kind
DATA = Path(__file__).resolve().parent / "data" / "populations.json"
KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI)
CURRENT_COMMUNE = "commune-actuelle"


class PopulationError(Exception):
    """The populations file is missing, unreadable or malformed."""


@dataclass
class Populations:
    year: int
    source: str
    by_kind: dict[str, dict[str, int]]  # kind → code → population

    def get(self, kind: str, code: str) -> int | None:
        return self.by_kind.get(kind, {}).get(code)


@dataclass
class PopulationReport:
    """What an import did, per kind: rows updated, unchanged, codes not found."""

    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.updated.values())


def aggregate(folder: Path, year: int, source: str) -> dict:
    """The file's content from the data folder of the full Etalab package."""
    read = lambda name: json.loads((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    communes = {
        c["code"]: c
        for c in read("communes.json")
        if c.get("type", CURRENT_COMMUNE) == CURRENT_COMMUNE
    }
    totals: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for commune in communes.values():
        population = commune.get("population") or 0
        for kind in (Kind.REGION, Kind.DEPARTEMENT):
            if code := commune.get(kind.value):
                totals[kind][code] = totals[kind].get(code, 0) + population
    groupings = read("epci.json")
    if (folder / "ept.json").exists():
        groupings += read("ept.json")
    for grouping in groupings:
        totals[Kind.EPCI][grouping["code"]] = sum(
            communes[m["code"]].get("population") or 0 for m in grouping["membres"]
        )
    return {
        "year": year,
        "source": source,
        **{kind.value: dict(sorted(totals[kind].items())) for kind in KINDS},
    }


def read_populations(path: Path = DATA) -> Populations:
    """Read and check a populations file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        year, source = data["year"], str(data.get("source", ""))
        by_kind = {kind.value: data[kind.value] for kind in KINDS}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PopulationError(
            _("%(file)s is not a populations file: %(error)s")
            % {"file": path, "error": error}
        ) from error
    if not isinstance(year, int) or isinstance(year, bool):
        raise PopulationError(_("%(file)s: the year is missing.") % {"file": path})
    for kind, values in by_kind.items():
        if not isinstance(values, dict) or not all(
            isinstance(code, str)
            and isinstance(n, int)
            and not isinstance(n, bool)
            and n >= 0
            for code, n in values.items()
        ):
            raise PopulationError(
                _("%(file)s: “%(kind)s” is not a map of codes to populations.")
                % {"file": path, "kind": kind}
            )
    return Populations(year, source, by_kind)


def import_populations(path: Path = DATA) -> PopulationReport:
    """Write the file's populations and year into the territories; idempotent.

    Two queries per kind at most: read the current values, update the changed
    rows in bulk. A code the database lacks is counted, not created (territories
    come from `import_territories`).
    """
    populations = read_populations(path)
    report = PopulationReport()
    with transaction.atomic():
        for kind in KINDS:
            values = populations.by_kind[kind.value]
            rows = list(
                Territory.objects.filter(kind=kind, code__in=list(values)).only(
                    "pk", "code", "population", "population_year"
                )
            )
            changed = []
            for row in rows:
                wanted = (values[row.code], populations.year)
                if (row.population, row.population_year) != wanted:
                    row.population, row.population_year = wanted
                    changed.append(row)
            Territory.objects.bulk_update(
                changed, ["population", "population_year"], batch_size=1000
            )
            report.updated[kind.value] = len(changed)
            report.unchanged[kind.value] = len(rows) - len(changed)
            report.unknown[kind.value] = len(values) - len(rows)
    return report


# Comparable territories -------------------------------------------------------

# Same kind, and a population within this factor (both ways): a département of
# 400,000 inhabitants compares with those of 200,000 to 800,000.
FACTOR = 2
MAX_COMPARABLE = 30  # territories; the search page takes up to 30 per facet


def _round(value: float, up: bool) -> int:
    """`value` to two significant digits, down or up (so the rule reads simply)."""
    if value < 100:
        return int(value) if not up else int(-(-value // 1))
    unit = 10 ** (len(str(int(value))) - 2)
    return int((-(-value // unit) if up else value // unit) * unit)


def population_band(population: int) -> tuple[int, int]:
    """The populations comparable with `population`, bounds included."""
    return _round(population / FACTOR, up=False), _round(population * FACTOR, up=True)


@dataclass
class Comparison:
    """The member territories comparable with one territory, and why."""

    territory: Territory
    low: int
    high: int
    territory_ids: list[int]


def comparable_territories(territory: Territory | None) -> Comparison | None:
    """Live member territories of the same kind (an EPCI: of the same type) and
    of a comparable population, most alike first; one query. None when the
    territory has no population."""
    if territory is None or not territory.population:
        return None
    low, high = population_band(territory.population)
    candidates = Territory.objects.filter(
        kind=territory.kind,
        population__gte=low,
        population__lte=high,
        member_page__live=True,
    ).exclude(pk=territory.pk)
    if territory.kind == Kind.EPCI:
        candidates = candidates.filter(epci_type=territory.epci_type)
    rows = candidates.values_list("pk", "population")
    alike = sorted(rows, key=lambda row: abs(row[1] - territory.population))
    return Comparison(
        territory, low, high, [pk for pk, _population in alike][:MAX_COMPARABLE]
    )
