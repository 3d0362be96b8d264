"""Import Etalab's reference geography (npm `@etalab/decoupage-administratif` v6).

The folder holds `regions.json`, `departements.json`, `epci.json`, `communes.json`
and, when present, `ept.json` (the 11 établissements publics territoriaux of the
Métropole du Grand Paris). Files are read and checked in full before anything is
written; rows are then upserted in bulk inside one transaction, keyed by
(kind, code). See docs/territories.md for the choices made.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .models import Territory
from .population import read_populations

Kind = Territory.Kind

REQUIRED_FILES = ("regions.json", "departements.json", "epci.json", "communes.json")
EPT_FILE = "ept.json"
# Only current communes: arrondissements municipaux, communes déléguées and
# communes associées are parts of a commune and reuse its INSEE code.
CURRENT_COMMUNE = "commune-actuelle"
SYNCED_FIELDS = (
    "name",
    "siren",
    "population",
    "population_year",
    "epci_type",
    "region_id",
    "departement_id",
    "epci_id",
)
BATCH_SIZE = 1000

# Sent after commit with `pks`: territories whose name changed (search reindexing).
territories_renamed = Signal()


class DatasetError(Exception):
    """The dataset folder is missing, unreadable or inconsistent."""


@dataclass
class KindCounts:
    """What an import did to the rows of one kind."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows already in the database that this dataset no longer lists: kept,
    # because member pages may point to them (PROTECT).
    absent: int = 0


@dataclass
class ImportReport:
    """Counts per kind, and how many commune records were not communes."""

    counts: dict[str, KindCounts] = field(
        default_factory=lambda: {kind: KindCounts() for kind in ORDER}
    )
    skipped_communes: int = 0
    renamed_pks: list[int] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values())


@dataclass
class _Row:
    """One territory as the dataset describes it, links given by code."""

    kind: str
    code: str
    name: str
    siren: str = ""
    population: int | None = None
    population_year: int | None = None
    epci_type: str = ""
    region: str | None = None
    departement: str | None = None
    epci: str | None = None


ORDER = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE)


def import_territories(path: Path) -> ImportReport:
    """Upsert the territories of the dataset in folder `path`; idempotent."""
    rows = read_dataset(Path(path))
    report = ImportReport(skipped_communes=rows.pop("skipped"))
    with transaction.atomic():
        ids: dict[tuple[str, str], int] = {}
        for kind in ORDER:
            _upsert(kind, rows[kind], ids, report)
        if report.renamed_pks:
            pks = list(report.renamed_pks)
            transaction.on_commit(
                lambda: territories_renamed.send(sender=Territory, pks=pks)
            )
    return report


# Reading and checking -------------------------------------------------------


def read_dataset(path: Path) -> dict:
    """Parse and cross-check the files; raise DatasetError on the first problem."""
    if not path.is_dir():
        raise DatasetError(_("%(path)s is not a folder.") % {"path": path})
    files = {name: _load(path / name) for name in REQUIRED_FILES}
    ept = _load(path / EPT_FILE) if (path / EPT_FILE).exists() else []

    regions = _rows(files["regions.json"], "regions.json", Kind.REGION, _region)
    departements = _rows(
        files["departements.json"], "departements.json", Kind.DEPARTEMENT, _departement
    )
    commune_records = [
        r for r in _records(files["communes.json"], "communes.json") if _is_current(r)
    ]
    communes = _rows(commune_records, "communes.json", Kind.COMMUNE, _commune)
    epcis, members = _epcis(files["epci.json"], "epci.json")
    epts, ept_members = _epcis(ept, EPT_FILE)

    _check_links(departements, "region", regions, "departements.json")
    _check_links(communes, "region", regions, "communes.json")
    _check_links(communes, "departement", departements, "communes.json")
    # A commune of the Grand Paris belongs to the Métropole and to an EPT: the
    # model holds one intercommunality, and the EPT is the one that acts locally.
    for source, group_members in ((EPT_FILE, ept_members), ("epci.json", members)):
        for code, epci in group_members.items():
            if code not in communes:
                raise DatasetError(
                    _(
                        "%(file)s: EPCI %(epci)s lists commune %(code)s, which is not "
                        "a current commune in communes.json."
                    )
                    % {"file": source, "epci": epci, "code": code}
                )
            communes[code].epci = communes[code].epci or epci
    by_group: dict[str, list[_Row]] = {}
    for group_members in (members, ept_members):
        for code, epci in group_members.items():
            by_group.setdefault(epci, []).append(communes[code])
    for code, epci in (epcis | epts).items():
        _place_epci(epci, by_group.get(code, []))
    epcis.update(epts)
    _summed_populations(regions, departements, epcis)
    return {
        Kind.REGION: regions,
        Kind.DEPARTEMENT: departements,
        Kind.EPCI: epcis,
        Kind.COMMUNE: communes,
        "skipped": len(_records(files["communes.json"], "communes.json"))
        - len(commune_records),
    }


def _summed_populations(*kinds: dict[str, _Row]) -> None:
    """Régions, départements and EPCI get the sum of their communes' populations
    (`population.py`, over the whole dataset), with its year: the dataset has
    none for the first two, and its EPCI figures are of another year."""
    populations = read_populations()
    for rows in kinds:
        for row in rows.values():
            population = populations.get(row.kind, row.code)
            if population is not None:
                row.population, row.population_year = population, populations.year


def _load(file: Path) -> object:
    if not file.is_file():
        raise DatasetError(_("Missing file: %(file)s") % {"file": file})
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DatasetError(
            _("%(file)s is not valid JSON: %(error)s") % {"file": file, "error": error}
        ) from error


def _records(data: object, source: str) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DatasetError(
            _("%(file)s: expected a JSON list of objects.") % {"file": source}
        )
    return data


def _is_current(record: dict) -> bool:
    return record.get("type", CURRENT_COMMUNE) == CURRENT_COMMUNE


def _rows(data: object, source: str, kind: str, build) -> dict[str, _Row]:
    rows: dict[str, _Row] = {}
    where_template = _("%(file)s, record %(number)s")
    for number, record in enumerate(_records(data, source), start=1):
        where = where_template % {"file": source, "number": number}
        row = build(record, where)
        if row.code in rows:
            raise DatasetError(
                _("%(where)s: code %(code)s appears twice.")
                % {"where": where, "code": row.code}
            )
        rows[row.code] = row
    return rows


def _text(record: dict, key: str, where: str, max_length: int = 9) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DatasetError(
            _("%(where)s: field “%(field)s” is missing or empty.")
            % {"where": where, "field": key}
        )
    if len(value) > max_length:
        raise DatasetError(
            _("%(where)s: field “%(field)s” is longer than %(max)s characters.")
            % {"where": where, "field": key, "max": max_length}
        )
    return value.strip()


def _population(record: dict, key: str, where: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DatasetError(
            _("%(where)s: field “%(field)s” is not a population.")
            % {"where": where, "field": key}
        )
    return value


def _region(record: dict, where: str) -> _Row:
    code = _text(record, "code", where)
    where = f"{where} ({code})"
    return _Row(Kind.REGION, code, _text(record, "nom", where, 255))


def _departement(record: dict, where: str) -> _Row:
    code = _text(record, "code", where)
    where = f"{where} ({code})"
    return _Row(
        Kind.DEPARTEMENT,
        code,
        _text(record, "nom", where, 255),
        region=_text(record, "region", where),
    )


def _commune(record: dict, where: str) -> _Row:
    code = _text(record, "code", where)
    where = f"{where} ({code})"
    return _Row(
        Kind.COMMUNE,
        code,
        _text(record, "nom", where, 255),
        siren=_text(record, "siren", where) if record.get("siren") else "",
        population=_population(record, "population", where),
        region=_text(record, "region", where),
        departement=_text(record, "departement", where),
    )


def _epcis(data: object, source: str) -> tuple[dict[str, _Row], dict[str, str]]:
    """EPCI rows, and the EPCI code of each member commune."""
    rows: dict[str, _Row] = {}
    members: dict[str, str] = {}
    where_template = _("%(file)s, record %(number)s")
    for number, record in enumerate(_records(data, source), start=1):
        where = where_template % {"file": source, "number": number}
        code = _text(record, "code", where)
        where = f"{where} ({code})"
        epci_type = _text(record, "type", where)
        if epci_type not in Territory.EpciType.values:
            raise DatasetError(
                _("%(where)s: unknown EPCI type “%(type)s”.")
                % {"where": where, "type": epci_type}
            )
        if code in rows:
            raise DatasetError(
                _("%(where)s: code %(code)s appears twice.")
                % {"where": where, "code": code}
            )
        rows[code] = _Row(
            Kind.EPCI,
            code,
            _text(record, "nom", where, 255),
            siren=code,  # Etalab identifies an EPCI by its SIREN.
            population=_population(record, "populationMunicipale", where),
            epci_type=epci_type,
        )
        membres = record.get("membres")
        if not isinstance(membres, list) or not all(
            isinstance(m, dict) for m in membres
        ):
            raise DatasetError(
                _("%(where)s: field “membres” is not a list of communes.")
                % {"where": where}
            )
        for member in membres:
            commune = _text(member, "code", where)
            if commune in members:
                raise DatasetError(
                    _("%(where)s: commune %(code)s already belongs to EPCI %(other)s.")
                    % {"where": where, "code": commune, "other": members[commune]}
                )
            members[commune] = code
    return rows, members


def _check_links(rows: dict[str, _Row], attr: str, targets: dict, source: str) -> None:
    for row in rows.values():
        target = getattr(row, attr)
        if target is not None and target not in targets:
            raise DatasetError(
                _(
                    "%(file)s: %(code)s (%(name)s) refers to %(kind)s %(target)s, "
                    "which the dataset does not define."
                )
                % {
                    "file": source,
                    "code": row.code,
                    "name": row.name,
                    "kind": attr,
                    "target": target,
                }
            )


def _place_epci(epci: _Row, member_rows: list[_Row]) -> None:
    """Give an EPCI the département and région of its most populous commune.

    The dataset names no seat; the most populous member is the seat of nearly
    every EPCI, and this settles the 89 EPCI that straddle départements.
    """
    if member_rows:
        largest = max(member_rows, key=lambda c: c.population or 0)
        epci.departement, epci.region = largest.departement, largest.region


# Writing -------------------------------------------------------------------


def _upsert(kind: str, rows: dict[str, _Row], ids: dict, report: ImportReport) -> None:
    """Create and update the rows of one kind; record their ids in `ids`."""
    counts = report.counts[kind]
    existing = {
        code: (pk, values)
        for code, pk, *values in Territory.objects.filter(kind=kind).values_list(
            "code", "pk", *SYNCED_FIELDS
        )
    }
    to_create, to_update = [], []
    for code, row in rows.items():
        wanted = _values(row, ids)
        if code not in existing:
            to_create.append(Territory(kind=kind, code=code, **wanted))
            continue
        pk, current = existing[code]
        if tuple(current) == tuple(wanted.values()):
            counts.unchanged += 1
            continue
        to_update.append((pk, *wanted.values()))
        if current[0] != wanted["name"]:
            report.renamed_pks.append(pk)
    Territory.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    for start in range(0, len(to_update), BATCH_SIZE):
        _update(to_update[start : start + BATCH_SIZE])
    counts.created, counts.updated = len(to_create), len(to_update)
    counts.absent = len(existing.keys() - rows.keys())
    # bulk_create sets pks on PostgreSQL but not on every backend: read them back.
    ids.update(
        ((kind, code), pk)
        for code, pk in Territory.objects.filter(kind=kind).values_list("code", "pk")
    )


def _update(rows: list[tuple]) -> None:
    """Write (pk, *SYNCED_FIELDS) tuples in one UPDATE ... FROM (VALUES ...).

    Django's bulk_update builds one CASE per field over the whole batch: over two
    minutes for a new year's populations of every commune. Joining a VALUES list
    takes seconds, on SQLite (>= 3.33) as on PostgreSQL.
    """
    meta, quote = Territory._meta, connection.ops.quote_name
    fields = [meta.pk, *(meta.get_field(name) for name in SYNCED_FIELDS)]
    columns = ", ".join(quote(f.column) for f in fields)
    # Casts give PostgreSQL the column types that bare parameters lack.
    row_sql = "({})".format(
        ", ".join(f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields)
    )
    table = quote(meta.db_table)
    assignments = ", ".join(
        f"{quote(f.column)} = v.{quote(f.column)}" for f in fields[1:]
    )
    # Only names from the model's _meta go into the SQL; values are parameters.
    values = ", ".join([row_sql] * len(rows))
    sql = (
        f"WITH v ({columns}) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {table} SET {assignments} FROM v "
        f"WHERE {table}.{quote(meta.pk.column)} = v.{quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def _values(row: _Row, ids: dict) -> dict:
    def pk(kind: str, code: str | None) -> int | None:
        return ids[(kind, code)] if code is not None else None

    return {
        "name": row.name,
        "siren": row.siren,
        "population": row.population,
        "population_year": row.population_year,
        "epci_type": row.epci_type,
        "region_id": pk(Kind.REGION, row.region),
        "departement_id": pk(Kind.DEPARTEMENT, row.departement),
        "epci_id": pk(Kind.EPCI, row.epci),
    }
