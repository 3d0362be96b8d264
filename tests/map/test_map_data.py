"""The shipped map: every shape carries its INSEE code, once; the file stays small."""

import gzip
import json

import pytest

from territories.maps import (
    DATA,
    EXPECTED_CODES,
    MapDataError,
    check_codes,
    france_map,
    read_map,
)


def test_every_departement_and_region_is_drawn_once_with_its_insee_code():
    drawn = france_map()
    departements = [s.code for s in drawn.shapes["departement"]]
    regions = [s.code for s in drawn.shapes["region"]]
    assert len(departements) == len(set(departements)) == 101
    assert set(departements) >= {"01", "19", "2A", "2B", "21", "95", "971", "976"}
    assert "20" not in departements and "975" not in departements
    assert len(regions) == len(set(regions)) == 18
    assert set(regions) == {
        *("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84"),
        *("93", "94", "01", "02", "03", "04", "06"),
    }


def test_shapes_bear_the_official_names_and_the_drom_sit_in_insets():
    drawn = france_map()
    names = {s.code: s.name for s in drawn.shapes["departement"]}
    assert names["94"] == "Val-de-Marne"
    assert names["75"] == "Paris"  # the package says "Ville de Paris"
    assert names["974"] == "La Réunion"
    drom = [s for s in drawn.shapes["departement"] if s.code.startswith("97")]
    assert all(s.transform.startswith("translate(") for s in drom)
    assert {inset.departement for inset in drawn.insets} == {s.code for s in drom}


def write_map(tmp_path, edit):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "france.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_missing_shape_fails_the_load(tmp_path):
    def drop_val_de_marne(data):
        data["departement"] = [s for s in data["departement"] if s["code"] != "94"]

    with pytest.raises(MapDataError, match="missing 94"):
        read_map(write_map(tmp_path, drop_val_de_marne))


def test_a_shape_drawn_twice_fails_the_load(tmp_path):
    def twice_corsica(data):
        data["region"].append(dict(data["region"][0], code="94"))

    with pytest.raises(MapDataError, match="more than once 94"):
        read_map(write_map(tmp_path, twice_corsica))


def test_a_package_id_that_is_no_insee_code_fails_the_load(tmp_path):
    def package_ids(data):
        for shape in data["region"]:
            if shape["code"] == "11":
                shape["code"] = "idf"  # the id @svg-maps/france.regions uses

    with pytest.raises(MapDataError, match="missing 11.*not INSEE codes.*idf"):
        read_map(write_map(tmp_path, package_ids))


def test_unreadable_data_fails_the_load(tmp_path):
    path = tmp_path / "france.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(MapDataError, match="unreadable"):
        read_map(path)


def test_check_codes_accepts_exactly_the_expected_codes():
    check_codes("departement", sorted(EXPECTED_CODES["departement"]))
    with pytest.raises(MapDataError):
        check_codes("departement", [*EXPECTED_CODES["departement"], "2A"])


def test_the_shipped_map_is_well_under_150_kb_gzipped():
    size = len(gzip.compress(DATA.read_bytes(), compresslevel=6))
    print(f"france.json: {DATA.stat().st_size} bytes, {size} gzipped")
    assert size < 150_000
