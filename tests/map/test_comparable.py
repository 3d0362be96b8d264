"""Comparable territories: same kind, population within a factor of 2, through
the search engine, with a constant number of queries."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territories.models import Territory
from territories.population import (
    comparable_territories,
    import_populations,
    population_band,
    read_populations,
)
from tests.factories import TerritoryFactory, member_page, practice

pytestmark = pytest.mark.django_db
Kind = Territory.Kind


def test_the_band_is_a_factor_of_two_with_round_bounds():
    assert population_band(400_000) == (200_000, 800_000)
    assert population_band(333_333) == (160_000, 670_000)
    assert population_band(1_426_929) == (710_000, 2_900_000)
    assert population_band(90) == (45, 180)


def departement(code, population, **kwargs):
    return TerritoryFactory(
        kind=Kind.DEPARTEMENT,
        code=code,
        name=f"Département {code}",
        population=population,
        population_year=2023,
        **kwargs,
    )


@pytest.fixture
def populations(home):
    """Members of known populations around a département of 400,000."""
    subject = member_page(departement("01", 400_000))
    alike = member_page(departement("02", 250_000))
    too_big = member_page(departement("03", 900_000))
    commune = member_page(
        TerritoryFactory(kind=Kind.COMMUNE, code="04001", population=400_000)
    )
    departement("05", 500_000)  # comparable, but no member: no practice
    own = practice(subject, title="Notre pratique")
    practice(alike, title="Pratique d'un département comparable")
    practice(too_big, title="Pratique d'un grand département")
    practice(commune, title="Pratique d'une commune")
    return {"subject": subject, "alike": alike, "own": own}


def test_only_members_of_the_same_kind_and_a_comparable_size(populations):
    comparison = comparable_territories(populations["subject"].territory)
    assert (comparison.low, comparison.high) == (200_000, 800_000)
    assert comparison.territory_ids == [populations["alike"].territory_id]


def test_territory_page_lists_them_and_says_why(client, populations):
    html = client.get(populations["subject"].url).content.decode()
    assert html.count('id="comparable-title"') == 1
    section = html[html.index('id="comparable-title"') :]
    section = section[: section.index("</section>")]
    assert "Territoires comparables" in section
    assert (
        "Même type (Département), population comparable : "
        "200\u00a0000 – 800\u00a0000 habitants (population de 2023)." in section
    )
    assert "Pratique d&#x27;un département comparable" in section
    for other in ("grand département", "commune", "Notre pratique"):
        assert other not in section


def test_practice_page_lists_them_too(client, populations):
    html = client.get(populations["own"].url).content.decode()
    assert html.count('id="comparable-title"') == 1
    assert "Pratique d&#x27;un département comparable" in html


def test_an_epci_compares_with_epci_of_its_type_only(home):
    def epci(code, epci_type, population):
        return member_page(
            TerritoryFactory(
                kind=Kind.EPCI, code=code, epci_type=epci_type, population=population
            )
        )

    subject = epci("200000001", "CA", 100_000)
    same_type = epci("200000002", "CA", 120_000)
    epci("200000003", "CC", 100_000)
    assert comparable_territories(subject.territory).territory_ids == [
        same_type.territory_id
    ]


def test_no_section_without_a_population(client, home):
    page = member_page(TerritoryFactory(code="06", population=None))
    member_page(TerritoryFactory(code="07", population=100_000))
    assert comparable_territories(page.territory) is None
    assert "Territoires comparables" not in client.get(page.url).content.decode()


def test_a_constant_number_of_queries_however_many_comparable(client, populations):
    url = populations["subject"].url

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    few = queries()
    for n in range(10, 16):
        practice(member_page(departement(str(n), 300_000 + n)))
    assert queries() == few
    html = client.get(url).content.decode()
    assert "Voir les 7 pratiques de ces territoires" in html


def test_shipped_populations_are_imported_idempotently(home):
    call_command("import_territories", verbosity=0)
    # The importer already gives régions and départements their summed population.
    val_de_marne = Territory.objects.get(kind=Kind.DEPARTEMENT, code="94")
    assert (val_de_marne.population, val_de_marne.population_year) == (1_426_929, 2023)
    Territory.objects.filter(kind=Kind.REGION, code="11").update(population=1)

    report = import_populations()
    assert report.updated == {"region": 1, "departement": 0, "epci": 0}
    assert Territory.objects.get(kind=Kind.REGION, code="11").population == 12_463_067
    again = import_populations()
    assert again.changed == 0
    assert again.unchanged["departement"] == 109
    # The subset lacks most EPCI: counted, not created.
    assert again.unknown["epci"] == len(read_populations().by_kind["epci"]) - 131 - 11


def test_the_command_reports_and_refuses_a_bad_file(home, tmp_path, capsys):
    call_command("import_territories", verbosity=0)
    call_command("import_populations")
    assert "Déjà à jour : rien n’a changé." in capsys.readouterr().out
    bad = tmp_path / "populations.json"
    bad.write_text('{"year": 2023, "region": {"11": -1}}', encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Rien n’a été importé"):
        call_command("import_populations", str(bad))
