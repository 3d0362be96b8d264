"""Bad input: each bad record is named with its field and leaves nothing behind."""

import pytest
from django.core.management import execute_from_command_line

from practices.models import PracticeIndicator, PracticePage, PracticePartner, Theme
from tests.factories import practice

BAD = "demo-bad"
LABEL = f"practice #2 ({BAD})"


def long_summary():
    return "x" * 601


BAD_RECORDS = {
    "unknown territory": (
        {"territory": {"kind": "commune", "insee": "99999"}},
        "territory: no member territory with kind=commune insee=99999",
    ),
    "territory not a member": (
        {"territory": {"kind": "commune", "insee": "94028"}},
        "territory: no member territory with kind=commune insee=94028 "
        "(Créteil is not a member)",
    ),
    "territory without kind": (
        {"territory": {"insee": "94"}},
        "territory.kind: required with insee",
    ),
    "territory missing": ({"territory": None}, "territory: required"),
    "territory code as a number": (
        {"territory": {"kind": "departement", "insee": 94}},
        "territory.insee: must be a string",
    ),
    "empty territory": ({"territory": {}}, "territory: give kind and insee, or siren"),
    "unknown theme": ({"themes": ["nope"]}, "themes: unknown theme slug 'nope'"),
    "unknown lever": ({"levers": ["nope"]}, "levers: unknown lever slug 'nope'"),
    "bad date": (
        {"start_date": "2009-13-01"},
        "start_date: not a date in YYYY-MM-DD form: '2009-13-01'",
    ),
    "date in another form": (
        {"last_reviewed": "01/06/2026"},
        "last_reviewed: not a date in YYYY-MM-DD form",
    ),
    "end before start": ({"end_date": "2008-12-31"}, "end_date: before start_date"),
    "bad status": ({"status": "paused"}, "status: must be one of planned, ongoing"),
    "summary too long": (
        {"summary": "x" * 601},
        "summary: at most 600 characters (got 601)",
    ),
    "missing title": ({"title": None}, "title: required"),
    "empty title": ({"title": "  "}, "title: must not be empty"),
    "title not a string": ({"title": 12}, "title: must be a string"),
    "indicator value not a number": (
        {"indicators": [{"label": "Emplois", "value": "120"}]},
        "indicators[1].value: must be a number",
    ),
    "indicator value too precise": (
        {"indicators": [{"label": "Emplois", "value": 1.005}]},
        "indicators[1].value:",
    ),
    "indicator without value": (
        {"indicators": [{"label": "Emplois"}]},
        "indicators[1].value: required",
    ),
    "indicator without label": (
        {"indicators": [{"value": 3}]},
        "indicators[1].label: required",
    ),
    "budget as a string": ({"budget": "150000"}, "budget: must be a whole number"),
    "negative budget": ({"budget": -1}, "budget: must be between 0 and"),
    "partners not a list": ({"partners": "Alpha"}, "partners: must be a list"),
    "bad partner kind": (
        {"partners": [{"name": "Alpha", "kind": "friend"}]},
        "partners[1].kind: must be one of ess, public, company, other",
    ),
    "bad partner website": (
        {"partners": [{"name": "Alpha", "website": "not a url"}]},
        "partners[1].website:",
    ),
    "unknown partner territory": (
        {"partner_territories": [{"kind": "commune", "insee": "00000"}]},
        "partner_territories[1]: no territory with kind=commune insee=00000",
    ),
    "image block": (
        {"description": [{"type": "image", "value": 1}]},
        "description[1].type: must be one of heading, paragraph, quote",
    ),
    "quote without text": (
        {"description": [{"type": "quote", "value": {"author": "X"}}]},
        "description[1].value.quote: required",
    ),
    "step without title": (
        {"steps": [{"period": "2009"}]},
        "steps[1].title: required",
    ),
    "bad contact email": (
        {"contact": {"email": "not-an-email"}},
        "contact.email: Enter a valid email address.",
    ),
    "bad published_at": (
        {"published_at": "yesterday"},
        "published_at: not an ISO 8601 date and time: 'yesterday'",
    ),
    "publish not a boolean": ({"publish": "yes"}, "publish: must be true or false"),
    "unknown key": ({"colour": "red"}, "colour: unknown key"),
    "bad slug": ({"slug": "pas un slug"}, "slug:"),
}


@pytest.mark.parametrize("case", BAD_RECORDS)
def test_bad_record_is_named_and_not_written(
    case, territories, record, document, run_import
):
    changes, message = BAD_RECORDS[case]
    bad = record(**{"external_id": BAD, "slug": "fiche-invalide", **changes})
    result = run_import(document(record(), bad))

    assert result.error is not None
    assert f"{LABEL}: {message}" in result.err
    assert "1 record(s) failed" in str(result.error)
    assert "Practices: 1 created, 0 updated, 0 unchanged, 1 failed." in str(
        result.error
    )
    # The good record went in; nothing of the bad one did.
    assert list(PracticePage.objects.values_list("external_id", flat=True)) == [
        "demo-cd94-achats-responsables"
    ]
    assert PracticePartner.objects.count() == 2
    assert PracticeIndicator.objects.count() == 2


def test_slug_taken_by_an_existing_page(territories, record, document, run_import):
    practice(territories["dep_page"], slug="deja-prise")
    result = run_import(document(record(slug="deja-prise")))
    assert (
        "practice #1 (demo-cd94-achats-responsables): slug: 'deja-prise' is already "
        "used by another page under Val-de-Marne"
    ) in result.err
    assert not PracticePage.objects.filter(external_id__isnull=False).exists()


def test_all_errors_of_a_record_are_listed(territories, record, document, run_import):
    bad = record(external_id=BAD, title=None, status="paused", budget="x")
    err = run_import(document(bad)).err
    for field in ("title", "status", "budget"):
        assert f"practice #1 ({BAD}): {field}:" in err


def test_record_without_external_id(territories, record, document, run_import):
    result = run_import(document(record(external_id=None)))
    assert "practice #1: external_id: required" in result.err
    assert not PracticePage.objects.exists()


def test_record_that_is_not_an_object(territories, record, document, run_import):
    result = run_import(document(record(), ["not", "an", "object"]))
    assert "practice #2: must be an object" in result.err
    assert PracticePage.objects.count() == 1


def test_duplicate_external_id(territories, record, document, run_import):
    result = run_import(document(record(), record(slug="autre")))
    assert (
        "practice #2 (demo-cd94-achats-responsables): external_id: duplicate"
        in result.err
    )
    assert PracticePage.objects.get().slug == "achats-publics-responsables"


def test_failure_while_writing_rolls_the_record_back(
    territories, record, document, run_import
):
    """Two new records claiming one slug: the second fails when it is written."""
    second = record(external_id=BAD, title="Autre")
    result = run_import(document(record(), second))

    assert f"{LABEL}: slug:" in result.err
    assert result.error is not None
    assert list(PracticePage.objects.values_list("external_id", flat=True)) == [
        "demo-cd94-achats-responsables"
    ]
    assert PracticeIndicator.objects.count() == 2


def test_bad_update_leaves_the_page_as_it_was(
    territories, record, document, run_import
):
    run_import(document(record()))
    page = PracticePage.objects.get()
    count = page.revisions.count()

    result = run_import(document(record(summary="Nouveau", budget="cher")))

    assert "budget: must be a whole number" in result.err
    page.refresh_from_db()
    assert page.revisions.count() == count
    assert page.summary.startswith("Le Département")


def test_bad_term(territories, record, document, run_import):
    data = document(record())
    data["themes"] = [{"slug": "achats-responsables", "nom": "Achats"}]

    result = run_import(data)

    assert "theme #1 (achats-responsables): name: required" in result.err
    assert "theme #1 (achats-responsables): nom: unknown key" in result.err
    # The practice that needs the term fails too, naming it.
    assert (
        "practice #1 (demo-cd94-achats-responsables): themes: unknown theme slug"
        in result.err
    )
    assert not Theme.objects.exists() and not PracticePage.objects.exists()


def test_term_name_taken_by_another_slug(territories, document, run_import):
    Theme.objects.create(slug="commande-publique", name="Achats publics responsables")
    result = run_import(document())
    assert "theme #1 (achats-responsables): name: already the name" in result.err
    assert not Theme.objects.filter(slug="achats-responsables").exists()


# --- The file as a whole ----

MALFORMED = {
    "invalid JSON": ('{"format": "rtes-practices/1", ', "Malformed JSON"),
    "NaN": ('{"format": "rtes-practices/1", "practices": [NaN]}', "Malformed JSON"),
    "top level is a list": ("[]", "JSON object at the top level"),
    "no format": ('{"practices": []}', "Unsupported format None"),
    "wrong format": (
        '{"format": "rtes-practices/2", "themes": [{"slug": "a", "name": "A"}]}',
        "Unsupported format 'rtes-practices/2': expected 'rtes-practices/1'",
    ),
    "unknown top-level key": (
        '{"format": "rtes-practices/1", "pratiques": []}',
        "Unknown top-level keys: pratiques",
    ),
    "practices not a list": (
        '{"format": "rtes-practices/1", "practices": {}}',
        "practices must be a list",
    ),
    "themes not a list": (
        '{"format": "rtes-practices/1", "themes": "a"}',
        "themes must be a list",
    ),
    "nested 200,000 levels deep": (
        '{"format": "rtes-practices/1", "practices": '
        + "[" * 200_000
        + "]" * 200_000
        + "}",
        "values nested too deeply",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_file_writes_nothing(case, territories, run_import):
    text, message = MALFORMED[case]
    result = run_import(text)
    assert result.error is not None
    assert str(result.error).startswith("Nothing imported:")
    assert message in str(result.error)
    assert not Theme.objects.exists()


def test_missing_file(territories, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No such file"):
        call_command("import_practices", str(tmp_path / "absent.json"))


def test_file_not_utf8(territories, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "é"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_practices", str(path))


# --- Exit status ----


def test_exit_status_zero_when_all_went_in(
    territories, record, document, write_file, capsys
):
    execute_from_command_line(
        ["manage.py", "import_practices", write_file(document(record()))]
    )
    assert "Practices: 1 created" in capsys.readouterr().out


def test_exit_status_non_zero_when_a_record_failed(
    territories, record, document, write_file, capsys
):
    data = document(record(), record(external_id=BAD, title=None))
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_practices", write_file(data)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"{LABEL}: title: required" in err
    assert "Practices: 1 created, 0 updated, 0 unchanged, 1 failed." in err


def test_exit_status_non_zero_for_a_malformed_file(territories, write_file, capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_practices", write_file("{")])
    assert exit_info.value.code == 1
    assert "Nothing imported: Malformed JSON" in capsys.readouterr().err
