"""Time the import of the full reference geography.

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 \\
        && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    .venv/bin/python benchmarks/import_territories.py /tmp/package/data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_bench \\
        .venv/bin/python benchmarks/import_territories.py /tmp/package/data

Runs on a fresh, migrated throw-away database (Django's test database for the
configured DATABASE_URL, destroyed at the end): a first import, a second run of the
same data (must change nothing), then a run where every commune's population
changed (a new year's figures: the bulk-update path).
"""

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import django


def _timed(label: str, path: Path) -> None:
    from territories.importer import import_territories

    start = time.perf_counter()
    report = import_territories(path)
    elapsed = time.perf_counter() - start
    counts = ", ".join(
        f"{kind}: +{c.created} ~{c.updated} ={c.unchanged}"
        for kind, c in report.counts.items()
    )
    print(f"{label:<28} {elapsed:6.2f} s   ({counts})")


def _with_new_populations(source: Path, target: Path) -> Path:
    for file in source.glob("*.json"):
        shutil.copy(file, target / file.name)
    communes = json.loads((source / "communes.json").read_text(encoding="utf-8"))
    for commune in communes:
        if commune.get("population") is not None:
            commune["population"] += 1
    (target / "communes.json").write_text(json.dumps(communes), encoding="utf-8")
    return target


def main(path: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    # Not DJANGO_DEBUG: with DEBUG on, Django keeps every query in memory.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    django.setup()
    from django.db import connection

    from territories.models import Territory

    old_name = connection.settings_dict["NAME"]
    scratch = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":  # a file, as in use; Django's default is RAM
        connection.settings_dict["TEST"]["NAME"] = f"{scratch.name}/bench.sqlite3"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}; dataset: {path}")
        _timed("first import (empty DB)", path)
        print(f"rows: {Territory.objects.count()}")
        _timed("second run (no change)", path)
        with tempfile.TemporaryDirectory() as folder:
            _timed("all populations changed", _with_new_populations(path, Path(folder)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        scratch.cleanup()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: import_territories.py DATASET_FOLDER")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main(Path(sys.argv[1]))
