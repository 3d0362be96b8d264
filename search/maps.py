"""The practice map: the search's région or département counts, drawn on France.

A view of a `SearchResults`: the counts are those of the `region` and
`departement` facets the search already made (no query per shape, none at all
for the shapes, which ship with `territories.maps`). Each shape with practices
links to the search filtered by it; the others are drawn neutral.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from territories.maps import france_map

from .engines.base import SearchQuery, SearchResults
from .params import query_string

# The URL parameter that chooses the level ("carte=regions"); départements by
# default. Its value is French, as the site's other URLs.
MAP_PARAM = "carte"
LEVEL_VALUES = {"departements": "departement", "regions": "region"}
DEFAULT_VALUE = "departements"

# A sequential single-hue scale in the site's teal, light to dark: it reads in
# grey and for every kind of colour blindness (docs/map.md gives the contrasts).
STEP_COLOURS = ("#c2e4dc", "#7fc4b4", "#3f9c8a", "#1a6e61", "#003b34")
NEUTRAL_COLOUR = "#f2f2f2"
OUTLINE_COLOUR = "#5c5c5c"


@dataclass
class MapShape:
    code: str
    name: str
    d: str
    transform: str
    count: int
    fill: str
    url: str = ""  # empty: no practice, not a link
    selected: bool = False

    @property
    def label(self) -> str:
        """Its accessible name: "Val-de-Marne : 5 pratiques"."""
        return _("%(name)s: %(count)s") % {
            "name": self.name,
            "count": practices_count(self.count),
        }


@dataclass
class LegendStep:
    fill: str
    label: str


@dataclass
class PracticeMap:
    level: str  # "departement" or "region"
    view_box: str
    shapes: list[MapShape]
    insets: list
    legend: list[LegendStep]
    toggles: list[dict] = field(default_factory=list)
    outline: str = OUTLINE_COLOUR

    @property
    def rows(self) -> list[MapShape]:
        """The shapes with practices, most first, for the table."""
        return sorted(
            (s for s in self.shapes if s.count), key=lambda s: (-s.count, s.name)
        )

    @property
    def total(self) -> int:
        return sum(s.count for s in self.shapes)


def practices_count(count: int) -> str:
    return ngettext("%(count)s practice", "%(count)s practices", count) % {
        "count": count
    }


def kept_view(params) -> dict[str, str]:
    """The map view a search page shows (`carte=regions`), for the links and the
    form that refine its search to keep; {} for the list of results."""
    value = params.get(MAP_PARAM)
    if value is None:
        return {}
    return {MAP_PARAM: value if value in LEVEL_VALUES else DEFAULT_VALUE}


def map_level(value: str | None) -> str:
    """The facet a `carte=` value names; anything else is the départements."""
    return LEVEL_VALUES.get(value or "", LEVEL_VALUES[DEFAULT_VALUE])


def steps(maximum: int) -> list[int]:
    """Upper bounds of at most five classes from 1 to `maximum`, growing
    geometrically (a few places hold most practices)."""
    if maximum <= len(STEP_COLOURS):
        return list(range(1, maximum + 1))  # one class per number (or none)
    bounds = sorted({math.ceil(maximum ** (i / 5)) for i in range(1, 6)})
    return bounds


def colour_of(step: int, count: int) -> str:
    """The colour of class `step` of `count` classes, spread over the scale."""
    if count == 1:
        return STEP_COLOURS[-1]
    return STEP_COLOURS[round(step * (len(STEP_COLOURS) - 1) / (count - 1))]


def legend(bounds: list[int]) -> list[LegendStep]:
    entries = [LegendStep(NEUTRAL_COLOUR, _("No practice"))]
    low = 1
    for step, high in enumerate(bounds):
        text = (
            str(high)
            if low == high
            else _("%(low)s to %(high)s")
            % {
                "low": low,
                "high": high,
            }
        )
        entries.append(LegendStep(colour_of(step, len(bounds)), text))
        low = high + 1
    return entries


def practice_map(
    results: SearchResults | None,
    query: SearchQuery | None = None,
    level: str = "departement",
    search_url: str = "",
) -> PracticeMap:
    """The map of these results' counts at `level`; each shape with practices
    links to `search_url` with `query` filtered by it."""
    query = query or SearchQuery()
    facets = results.facets.get(level, []) if results else []
    counts = {f.value: f.count for f in facets}
    selected = {f.value for f in facets if f.selected}
    drawing = france_map()
    bounds = steps(max(counts.values(), default=0))
    param = {"carte": "regions"} if level == "region" else {}
    shapes = []
    for shape in drawing.shapes[level]:
        count = counts.get(shape.code, 0)
        step = next((i for i, high in enumerate(bounds) if count <= high), 0)
        url = ""
        if count:
            url = f"{search_url}?" + query_string(
                query, **{level: shape.code, "page": "", **param}
            )
        shapes.append(
            MapShape(
                code=shape.code,
                name=shape.name,
                d=shape.d,
                transform=shape.transform,
                count=count,
                fill=colour_of(step, len(bounds)) if count else NEUTRAL_COLOUR,
                url=url,
                selected=shape.code in selected,
            )
        )
    return PracticeMap(
        level=level,
        view_box=drawing.view_box,
        shapes=shapes,
        insets=list(drawing.insets),
        legend=legend(bounds),
    )


def level_links(params, path: str, level: str) -> list[dict]:
    """Links that show the same page by départements or by régions (no JS)."""
    links = []
    for value, facet in LEVEL_VALUES.items():
        changed = params.copy()
        changed.pop("page", None)
        changed[MAP_PARAM] = value
        label = _("Departments") if facet == "departement" else _("Regions")
        links.append(
            {
                "label": label,
                "url": f"{path}?{changed.urlencode()}#carte",
                "current": facet == level,
            }
        )
    return links
