"""The map of France the site draws: one shape per département and per région.

The shapes ship in `data/france.json` (made by `make_map.py` from MapSVG's maps,
CC BY 4.0; see data/README.md). Loading checks that every shape carries an
official INSEE code, and that each expected code is drawn exactly once.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "france.json"
LEVELS = ("departement", "region")

# The five départements et régions d'outre-mer (DROM), drawn in insets; the
# collectivités d'outre-mer (975, 977, 978, 984-989) are neither.
DROM_DEPARTEMENTS = ("971", "972", "973", "974", "976")
DROM_REGIONS = ("01", "02", "03", "04", "06")
EXPECTED_CODES = {
    # 01-95 without 20 (Corse was split into 2A and 2B in 1976).
    "departement": frozenset(
        [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", *DROM_DEPARTEMENTS]
    ),
    "region": frozenset(
        ["11", "24", "27", "28", "32", "44", "52", "53"]
        + ["75", "76", "84", "93", "94", *DROM_REGIONS]
    ),
}


class MapDataError(Exception):
    """The map data lacks a shape, draws one twice, or names an unknown code."""


@dataclass(frozen=True)
class Shape:
    """One territory as drawn: its INSEE code, official name and path data."""

    code: str
    name: str
    d: str
    transform: str = ""  # the DROM, moved and scaled into their insets


@dataclass(frozen=True)
class Inset:
    """The frame of one DROM below the metropole, and the codes drawn in it."""

    departement: str
    region: str
    label: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class FranceMap:
    view_box: str
    insets: tuple[Inset, ...]
    shapes: dict[str, tuple[Shape, ...]]  # by level: "departement", "region"
    source: str = ""


def check_codes(level: str, codes: list[str]) -> None:
    """Raise MapDataError unless `codes` holds each expected code exactly once."""
    expected = EXPECTED_CODES[level]
    counts = Counter(codes)
    problems = []
    if missing := sorted(expected - counts.keys()):
        problems.append(f"missing {', '.join(missing)}")
    if twice := sorted(code for code, n in counts.items() if n > 1):
        problems.append(f"drawn more than once {', '.join(twice)}")
    if unknown := sorted(counts.keys() - expected):
        problems.append(f"not INSEE codes of this level {', '.join(unknown)}")
    if problems:
        raise MapDataError(f"map of the {level}s: {'; '.join(problems)}")


def read_map(path: Path) -> FranceMap:
    """Read and check a map file (see `make_map.py` for its format)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        shapes = {
            level: tuple(
                Shape(
                    code=str(s["code"]),
                    name=str(s["name"]),
                    d=str(s["d"]),
                    transform=str(s.get("transform", "")),
                )
                for s in data[level]
            )
            for level in LEVELS
        }
        insets = tuple(Inset(**inset) for inset in data.get("insets", []))
        view_box = str(data["viewBox"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise MapDataError(f"{path}: unreadable map data: {error!r}") from error
    for level in LEVELS:
        check_codes(level, [shape.code for shape in shapes[level]])
    return FranceMap(view_box, insets, shapes, str(data.get("source", "")))


@cache
def france_map() -> FranceMap:
    """The shipped map, read and checked once per process."""
    return read_map(DATA)
