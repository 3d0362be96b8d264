"""The import of Etalab's reference geography, on the shipped subset."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territories.importer import import_territories, territories_renamed
from territories.models import Territory

from .conftest import SUBSET

pytestmark = pytest.mark.django_db

Kind = Territory.Kind


def get(kind: str, code: str) -> Territory:
    return Territory.objects.select_related("epci", "departement", "region").get(
        kind=kind, code=code
    )


def rewrite(path, name: str, change) -> None:
    """Apply `change` to the records of one file of the dataset copy."""
    records = json.loads((path / name).read_text(encoding="utf-8"))
    change(records)
    (path / name).write_text(json.dumps(records), encoding="utf-8")


def snapshot() -> list[tuple]:
    return list(
        Territory.objects.order_by("kind", "code").values_list(
            "kind", "code", "name", "population", "epci_id"
        )
    )


def test_counts_per_kind():
    report = import_territories(SUBSET)

    created = {kind: counts.created for kind, counts in report.counts.items()}
    # 131 EPCI à fiscalité propre + the 11 EPT of the Grand Paris.
    assert created == {
        Kind.REGION: 26,
        Kind.DEPARTEMENT: 109,
        Kind.EPCI: 142,
        Kind.COMMUNE: 3586,
    }
    assert Territory.objects.count() == 26 + 109 + 142 + 3586
    # 20 arrondissements municipaux, 98 communes déléguées, 14 associées.
    assert report.skipped_communes == 132


def test_only_current_communes_are_imported():
    import_territories(SUBSET)

    assert get(Kind.COMMUNE, "75056").name == "Paris"
    assert not Territory.objects.filter(code="75101").exists()  # Paris 1er arr.
    # Saint-Denis is also listed as a commune déléguée under the same code.
    assert get(Kind.COMMUNE, "93066").population == 149077


def test_containment_links():
    import_territories(SUBSET)

    ivry = get(Kind.COMMUNE, "94041")
    assert (ivry.name, ivry.siren, ivry.population) == (
        "Ivry-sur-Seine",
        "219400413",
        65064,
    )
    # Within the Grand Paris a commune is linked to its EPT, not to the Métropole.
    assert (ivry.epci.name, ivry.epci.epci_type) == ("Grand-Orly Seine Bièvre", "EPT")
    assert ivry.departement.code == "94"
    assert ivry.region.code == "11"
    assert ivry.epci.departement.code == "94"
    assert ivry.epci.region.code == "11"
    assert get(Kind.DEPARTEMENT, "94").region.code == "11"
    assert get(Kind.COMMUNE, "75056").epci.name == "Métropole du Grand Paris"
    lille = get(Kind.COMMUNE, "59350")
    assert lille.epci.code == lille.epci.siren == "200093201"
    assert lille.epci.name == "Métropole Européenne de Lille"
    # The sum of its communes (territories/data/populations.json), not the
    # dataset's EPCI figure (1,194,040), which is of another year.
    assert lille.epci.population == 1195234
    assert lille.epci.population_year == 2023
    assert get(Kind.REGION, "11").region is None


def test_epci_is_placed_where_its_most_populous_commune_is():
    import_territories(SUBSET)

    # The Grand Paris spans six départements; Paris is its largest commune.
    grand_paris = get(Kind.EPCI, "200054781")
    assert (grand_paris.departement.code, grand_paris.region.code) == ("75", "11")
    rennes = get(Kind.EPCI, "243500139")
    assert (rennes.departement.code, rennes.region.code) == ("35", "53")


def test_epci_types():
    import_territories(SUBSET)

    types = {
        code: get(Kind.EPCI, code).epci_type
        for code in ("200093201", "200046977", "246200364", "200040509", "200058014")
    }
    assert types == {
        "200093201": "METRO",  # Métropole Européenne de Lille
        "200046977": "MET69",  # Métropole de Lyon
        "246200364": "CA",  # CA de Lens - Liévin
        "200040509": "CC",  # CC du Crestois et de Pays de Saillans
        "200058014": "EPT",  # Grand-Orly Seine Bièvre
    }
    assert get(Kind.COMMUNE, "69266").epci.epci_type == "MET69"  # Villeurbanne
    assert not Territory.objects.exclude(kind=Kind.EPCI).exclude(epci_type="").exists()


def test_second_run_changes_nothing():
    import_territories(SUBSET)
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        report = import_territories(SUBSET)

    assert report.changed == 0
    assert {k: c.unchanged for k, c in report.counts.items()} == {
        Kind.REGION: 26,
        Kind.DEPARTEMENT: 109,
        Kind.EPCI: 142,
        Kind.COMMUNE: 3586,
    }
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert snapshot() == before


def test_changed_name_and_population_are_updated(
    dataset, django_capture_on_commit_callbacks
):
    import_territories(dataset)
    ivry_pk = get(Kind.COMMUNE, "94041").pk

    def rename_ivry(records):
        ivry = next(r for r in records if r["code"] == "94041")
        ivry["nom"], ivry["population"] = "Ivry-sur-Seine (renommée)", 70000

    rewrite(dataset, "communes.json", rename_ivry)
    renamed = []
    territories_renamed.connect(
        lambda sender, pks, **kw: renamed.extend(pks), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = import_territories(dataset)
    finally:
        territories_renamed.disconnect(dispatch_uid="t")

    assert report.counts[Kind.COMMUNE].updated == 1
    assert report.counts[Kind.COMMUNE].unchanged == 3585
    assert report.changed == 1
    ivry = get(Kind.COMMUNE, "94041")
    assert (ivry.name, ivry.population) == ("Ivry-sur-Seine (renommée)", 70000)
    assert ivry.epci.code == "200058014"
    assert renamed == [ivry_pk]


def test_rows_missing_from_the_dataset_are_kept():
    Territory.objects.create(kind=Kind.COMMUNE, code="99999", name="Disparue")

    report = import_territories(SUBSET)

    assert report.counts[Kind.COMMUNE].absent == 1
    assert Territory.objects.filter(code="99999").exists()


def drop_epci(path):
    (path / "epci.json").unlink()


def break_json(path):
    (path / "regions.json").write_text('[{"code": "11", ', encoding="utf-8")


def drop_a_code(path):
    rewrite(path, "departements.json", lambda records: records[0].pop("code"))


def unknown_epci_type(path):
    rewrite(path, "epci.json", lambda records: records[0].update(type="SYNDICAT"))


def unknown_departement(path):
    rewrite(path, "communes.json", lambda records: records[0].update(departement="00"))


def not_a_list(path):
    (path / "communes.json").write_text('{"code": "94041"}', encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (drop_epci, r"Missing file: .*epci\.json"),
        (break_json, "regions.json is not valid JSON"),
        (drop_a_code, "departements.json, record 1: field “code” is missing"),
        (unknown_epci_type, "unknown EPCI type “SYNDICAT”"),
        (unknown_departement, "refers to departement 00"),
        (not_a_list, "communes.json: expected a JSON list of objects"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(dataset, breakage, message):
    import_territories(SUBSET)
    before = snapshot()
    # A valid change in the same run must not go in either.
    rewrite(
        dataset,
        "regions.json",
        lambda records: records[5].update(nom="Île-de-France modifiée"),
    )
    breakage(dataset)

    with pytest.raises(CommandError, match="Nothing was imported: ") as error:
        call_command("import_territories", str(dataset), stdout=StringIO())

    assert re.search(message, str(error.value))
    assert snapshot() == before


def test_path_that_is_not_a_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_territories", str(tmp_path / "nowhere"))
    assert not Territory.objects.exists()


def test_command_prints_the_report():
    out = StringIO()
    call_command("import_territories", stdout=out)  # default: the shipped subset

    first = out.getvalue()
    assert "Municipality" in first
    assert "3586" in first
    assert "132 commune records skipped" in first
    assert "Already up to date" not in first

    out = StringIO()
    call_command("import_territories", str(SUBSET), stdout=out)
    assert "Already up to date: nothing changed." in out.getvalue()


def test_new_populations_and_a_move_to_another_ept(dataset):
    import_territories(dataset)

    def new_populations(records):
        for record in records:
            if record["departement"] == "94" and record.get("population"):
                record["population"] += 1

    def move_ivry(records):
        by_name = {r["nom"]: r for r in records}
        leaving = by_name["Grand-Orly Seine Bièvre"]["membres"]
        ivry = next(m for m in leaving if m["code"] == "94041")
        leaving.remove(ivry)
        by_name["Paris Est Marne et Bois"]["membres"].append(ivry)

    rewrite(dataset, "communes.json", new_populations)
    rewrite(dataset, "ept.json", move_ivry)
    report = import_territories(dataset)

    assert report.counts[Kind.COMMUNE].updated == 47  # the communes of the 94
    assert report.counts[Kind.EPCI].updated == 0
    ivry = get(Kind.COMMUNE, "94041")
    assert (ivry.population, ivry.epci.name) == (65065, "Paris Est Marne et Bois")
    assert get(Kind.COMMUNE, "94028").population == 93397 + 1  # Créteil
    assert import_territories(dataset).changed == 0


def test_command_is_silent_at_verbosity_zero():
    out = StringIO()
    call_command("import_territories", verbosity=0, stdout=out)

    assert out.getvalue() == ""
    assert Territory.objects.filter(kind=Kind.COMMUNE).count() == 3586
