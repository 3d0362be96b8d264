"""The import writes every field, is idempotent and updates what changed."""

import datetime
from decimal import Decimal

from practices.importer import import_data
from practices.models import Audience, Lever, PracticePage, Theme


def revisions(page):
    return page.revisions.count()


def test_every_field_lands(territories, record, document, run_import):
    result = run_import(document(record()))

    assert result.error is None, result.output
    assert "Practices: 1 created, 0 updated, 0 unchanged, 0 failed." in result.out
    assert "Terms: 3 created" in result.out
    page = PracticePage.objects.get(external_id="demo-cd94-achats-responsables")
    assert page.get_parent().pk == territories["dep_page"].pk
    assert page.territory == territories["departement"]
    assert page.live and not page.has_unpublished_changes
    assert page.first_published_at == datetime.datetime(
        2010, 2, 1, 9, 0, tzinfo=datetime.UTC
    )
    assert (page.title, page.slug) == (
        "Achats publics responsables",
        "achats-publics-responsables",
    )
    assert page.summary.startswith("Le Département")
    assert page.context == "<p>Un contexte <b>riche</b>.</p>"
    assert page.objectives == "<p>Des objectifs.</p>"
    assert page.results == "<p>Des résultats.</p>"
    assert page.lessons == "<p>Des leçons.</p>"
    assert page.transferability == "<p>Transférable.</p>"
    assert page.start_date == datetime.date(2009, 1, 1) and page.end_date is None
    assert page.status == "ongoing"
    assert (page.budget, page.staff) == (150000, "2 ETP")
    assert page.funding_sources == "Budget départemental"
    assert (page.contact_name, page.contact_role, page.contact_email) == (
        "Marie Dupont",
        "Chargée de mission",
        "m@cd94.example",
    )
    assert page.last_reviewed == datetime.date(2026, 6, 1)

    blocks = [(block.block_type, block.value) for block in page.description]
    assert blocks[0] == ("heading", "Une ingénierie dédiée")
    assert blocks[1][0] == "paragraph"
    assert blocks[1][1].source == "<p>Un <i>paragraphe</i>.</p>"
    assert blocks[2][0] == "quote"
    assert blocks[2][1]["quote"] == "Acheter, c'est agir."
    assert blocks[2][1]["author"] == "Christian Hervy"
    steps = [dict(block.value) for block in page.steps]
    assert steps == [
        {"title": "Délibération", "period": "2009", "description": "Vote."},
        {"title": "Premiers marchés", "period": "2010", "description": ""},
    ]

    assert [(p.name, p.kind, p.website) for p in page.partners.all()] == [
        ("Coopérative Alpha", "ess", "https://alpha.example"),
        ("Ville de Créteil", "public", ""),
    ]
    assert [(i.label, i.value, i.unit, i.year) for i in page.indicators.all()] == [
        ("Heures d'insertion", Decimal("12000"), "heures", 2010),
        ("Part des marchés", Decimal("12.5"), "%", None),
    ]
    assert list(page.partner_territories.all()) == [territories["commune"]]
    assert [t.slug for t in page.themes.all()] == ["achats-responsables"]
    assert [t.slug for t in page.levers.all()] == ["clause-marches-publics"]
    assert [t.slug for t in page.audiences.all()] == ["siae"]

    theme = Theme.objects.get(slug="achats-responsables")
    assert theme.name == "Achats publics responsables"
    assert theme.description == "Commande publique socialement responsable."
    assert Lever.objects.filter(slug="clause-marches-publics").exists()
    assert Audience.objects.get(slug="siae").name == "Structures d'insertion"


def test_territory_by_siren_and_defaults(territories, document, run_import):
    minimal = {
        "external_id": "demo-mgp",
        "territory": {"siren": "200054781"},
        "title": "Pacte pour l'ESS métropolitain",
        "summary": "Un pacte.",
    }
    result = run_import(document(minimal))

    assert result.error is None, result.output
    page = PracticePage.objects.get(external_id="demo-mgp")
    assert page.get_parent().pk == territories["epci_page"].pk
    assert page.slug == "pacte-pour-less-metropolitain"  # derived from the title
    assert page.status == "ongoing" and page.budget is None
    assert page.live and page.first_published_at is not None
    assert not page.partners.exists() and not page.themes.exists()


def test_epci_by_kind_and_insee(territories, document, run_import):
    data = {
        "external_id": "demo-mgp",
        "territory": {"kind": "epci", "insee": "200054781"},
        "title": "Pacte",
        "summary": "Un pacte.",
    }
    assert run_import(document(data)).error is None
    page = PracticePage.objects.get(external_id="demo-mgp")
    assert page.territory == territories["epci"]


def test_second_run_changes_nothing(territories, record, document, run_import):
    data = document(
        record(), record(external_id="demo-2", slug="", title="Deuxième pratique")
    )
    assert run_import(data).error is None
    pages = {p.external_id: p for p in PracticePage.objects.all()}
    counts = {key: revisions(page) for key, page in pages.items()}
    published = {key: page.last_published_at for key, page in pages.items()}

    second = run_import(data)

    assert second.error is None, second.output
    assert "Practices: 0 created, 0 updated, 2 unchanged, 0 failed." in second.out
    assert "Terms: 0 created, 0 updated, 3 unchanged, 0 failed." in second.out
    for key, page in pages.items():
        page.refresh_from_db()
        assert revisions(page) == counts[key]
        assert page.last_published_at == published[key]
    assert PracticePage.objects.count() == 2


def test_report_lists_outcomes(territories, record, document):
    first = import_data(document(record()))
    assert [r.label for r in first.created] == [
        "practice #1 (demo-cd94-achats-responsables)"
    ]
    second = import_data(document(record()))
    assert [r.label for r in second.unchanged] == [
        "practice #1 (demo-cd94-achats-responsables)"
    ]
    assert second.ok and not second.created and not second.updated


def test_changed_fields_update_the_page(territories, record, document, run_import):
    run_import(document(record()))
    page = PracticePage.objects.get()
    before = revisions(page)
    changed = record(
        summary="Un nouveau résumé.",
        status="completed",
        indicators=[{"label": "Emplois", "value": 40, "unit": "", "year": 2012}],
        partners=[],
        partner_territories=[],
        steps=[{"title": "Bilan", "period": "2012", "description": ""}],
    )
    del changed["budget"]  # a key left out clears the field

    report = import_data(document(changed))

    assert [r.outcome for r in report.updated] == ["updated"]
    assert set(report.updated[0].changes) == {
        "summary",
        "status",
        "budget",
        "indicators",
        "partners",
        "partner_territories",
        "steps",
    }
    page.refresh_from_db()
    assert revisions(page) == before + 1
    assert page.live and not page.has_unpublished_changes
    assert page.summary == "Un nouveau résumé." and page.status == "completed"
    assert page.budget is None
    assert [(i.label, i.value) for i in page.indicators.all()] == [
        ("Emplois", Decimal("40"))
    ]
    assert not page.partners.exists() and not page.partner_territories.exists()
    assert [block.value["title"] for block in page.steps] == ["Bilan"]
    # Unchanged content survives: the description was not touched.
    assert [block.block_type for block in page.description] == [
        "heading",
        "paragraph",
        "quote",
    ]
    assert page.first_published_at.year == 2010

    again = import_data(document(changed))
    assert len(again.unchanged) == 1
    page.refresh_from_db()
    assert revisions(page) == before + 1


def test_renamed_term_is_updated(territories, record, document, run_import):
    Theme.objects.create(slug="achats-responsables", name="Ancien nom")
    result = run_import(document(record()))
    assert "Terms: 2 created, 1 updated, 0 unchanged" in result.out
    assert Theme.objects.get(slug="achats-responsables").name == (
        "Achats publics responsables"
    )


def test_terms_may_come_from_the_database(territories, record, document, run_import):
    Theme.objects.create(slug="economie-circulaire", name="Économie circulaire")
    data = document(record(themes=["economie-circulaire", "achats-responsables"]))
    assert run_import(data).error is None
    page = PracticePage.objects.get()
    assert sorted(t.slug for t in page.themes.all()) == [
        "achats-responsables",
        "economie-circulaire",
    ]


def test_draft_when_publish_is_false(territories, record, document, run_import):
    run_import(document(record(publish=False)))
    page = PracticePage.objects.get()
    assert not page.live and page.first_published_at is None
    assert revisions(page) == 1

    run_import(document(record()))  # publish: true now
    page.refresh_from_db()
    assert page.live and page.first_published_at.year == 2010


def test_draft_update_keeps_the_live_version(territories, record, document, run_import):
    run_import(document(record()))
    run_import(document(record(summary="Brouillon.", publish=False)))

    page = PracticePage.objects.get()
    assert page.live and page.has_unpublished_changes
    assert page.summary.startswith("Le Département")  # the live version
    assert page.get_latest_revision_as_object().summary == "Brouillon."

    # Same draft again: nothing new. Then publish it.
    count = revisions(page)
    assert (
        "1 unchanged"
        in run_import(document(record(summary="Brouillon.", publish=False))).out
    )
    assert revisions(page) == count
    assert "1 updated" in run_import(document(record(summary="Brouillon."))).out
    page.refresh_from_db()
    assert page.summary == "Brouillon." and not page.has_unpublished_changes
    assert revisions(page) == count


def test_changed_territory_moves_the_page(territories, record, document, run_import):
    run_import(document(record()))
    result = run_import(document(record(territory={"siren": "200054781"})))

    assert "1 updated" in result.out, result.output
    page = PracticePage.objects.get()
    assert page.get_parent().pk == territories["epci_page"].pk
    assert page.territory == territories["epci"]
    assert page.live


def test_html_is_cleaned(territories, record, document, run_import):
    data = record(
        context='<p onclick="x()">Texte<script>alert(1)</script></p>',
        description=[
            {"type": "paragraph", "value": '<p><a href="javascript:x()">a</a></p>'}
        ],
    )
    run_import(document(data))
    page = PracticePage.objects.get()
    # The script element goes; its text stays as harmless text.
    assert page.context == "<p>Textealert(1)</p>"
    assert page.description[0].value.source == "<p><a>a</a></p>"
    assert len(import_data(document(data)).unchanged) == 1
