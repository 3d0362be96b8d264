"""Make the small subset of Etalab's dataset shipped in `decoupage-administratif/`.

Usage (from the repository root)::

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 \\
        && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python territories/data/make_subset.py /tmp/package

The records are copied as they are (never edited); only which records go in is
chosen: all régions and départements; every EPCI with a member commune in one of
`DEPARTEMENTS` or among `COMMUNES`; every EPT within a kept EPCI (the Grand Paris);
every member commune of those (so that the subset stays self-consistent); and
every commune record of the chosen départements (arrondissements municipaux and
communes déléguées included, to exercise the importer's filter).
"""

import json
import shutil
import sys
from pathlib import Path

DEPARTEMENTS = {"94", "93", "75", "35", "44", "38", "33", "64", "34", "31"}
# Communes of RTES members and well-known ESS practices, with their EPCI.
COMMUNES = {
    "62528",  # Loos-en-Gohelle
    "69266",  # Villeurbanne
    "68343",  # Ungersheim
    "26289",  # Saillans
    "59350",  # Lille (Métropole Européenne de Lille)
}
TARGET = Path(__file__).resolve().parent / "decoupage-administratif"


def _load(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _dump(records: list[dict], name: str) -> None:
    # One record per line: compact, yet a diff shows which records changed.
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    (TARGET / name).write_text(f"[\n{lines}\n]\n", encoding="utf-8")


def make_subset(package: Path) -> None:
    """Write the subset of the extracted npm package at `package` into TARGET."""
    data = package / "data"
    communes = _load(data, "communes.json")
    groupings = {name: _load(data, name) for name in ("epci.json", "ept.json")}

    seed = {c["code"] for c in communes if c["departement"] in DEPARTEMENTS}
    seed |= COMMUNES
    kept_groupings = {}
    for name, records in groupings.items():  # EPCI first, then EPT
        kept_groupings[name] = [
            g for g in records if any(m["code"] in seed for m in g["membres"])
        ]
        # An EPT within a kept EPCI (the Grand Paris) comes along.
        seed |= {m["code"] for g in kept_groupings[name] for m in g["membres"]}
    kept_communes = [
        c
        for c in communes
        if c["departement"] in DEPARTEMENTS
        or (c["type"] == "commune-actuelle" and c["code"] in seed)
    ]

    TARGET.mkdir(exist_ok=True)
    for name in ("regions.json", "departements.json"):
        _dump(_load(data, name), name)
    for name, records in kept_groupings.items():
        _dump(records, name)
    _dump(kept_communes, "communes.json")
    shutil.copyfile(package / "LICENSE", TARGET / "LICENSE")
    print(
        f"{len(kept_communes)} commune records, "
        + ", ".join(f"{len(v)} in {k}" for k, v in kept_groupings.items())
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_subset.py EXTRACTED_PACKAGE_FOLDER")
    make_subset(Path(sys.argv[1]))
