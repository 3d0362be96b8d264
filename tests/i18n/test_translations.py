"""The site is French first: the French catalogue is complete and actually used."""

import ast
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FR_PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
FR_MO = FR_PO.with_suffix(".mo")
# Folders `make messages` does not need to read (or that hold no gettext call).
NOT_SOURCE = {"benchmarks", "build", "docs", "locale", "node_modules", "static"}
NOT_SOURCE |= {"tests", "var"}


def parse_po(path: Path) -> list[dict]:
    """The live entries of a .po file: msgid, msgid_plural, msgstr list, flags."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entry: msgfmt ignores it
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, key, ast.literal_eval(line))
        else:
            key, _, value = line.partition(" ")
            _append(entry, key, ast.literal_eval(value), new=True)
    return [e for e in entries if "msgid" in e and e["msgid"] != ""]


def _append(entry: dict, key: str, text: str, new: bool = False) -> None:
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if key.startswith("msgstr[") else 0
        entry["msgstr"][index] = ("" if new else entry["msgstr"][index]) + text
    else:
        entry[key] = ("" if new else entry[key]) + text


def problems(entries: list[dict]) -> list[str]:
    """The msgids that are fuzzy or have an empty translation."""
    return [
        e["msgid"]
        for e in entries
        if "fuzzy" in e["flags"] or not all(e["msgstr"].values())
    ]


def _hidden(folder: Path) -> bool:
    return folder.name.startswith(".") or folder.name.endswith(".egg-info")


def test_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = parse_po(FR_PO)
    assert len(entries) > 100  # the parser did read the catalogue
    assert problems(entries) == []


def test_msgfmt_reports_a_complete_and_valid_catalogue():
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(FR_PO)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "translated messages." in result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_committed_mo_file_matches_the_po_file():
    """Fresh machines may lack msgfmt: the committed .mo must be up to date."""
    with FR_MO.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    for entry in parse_po(FR_PO):
        if "msgid_plural" in entry:
            for n, index in ((1, 0), (2, 1)):
                got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                assert got == entry["msgstr"][index], entry["msgid"]
        elif "msgctxt" in entry:  # pgettext: the context keeps msgids apart
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
            assert got == entry["msgstr"][0], entry["msgid"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0]


def test_catalogue_covers_every_string_of_the_code(settings, tmp_path, monkeypatch):
    """`makemessages` on a copy of the code finds nothing left to translate."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("xgettext/msgmerge (GNU gettext) are not installed")
    base = Path(settings.BASE_DIR)
    for folder in base.iterdir():
        if folder.is_dir() and folder.name not in NOT_SOURCE and not _hidden(folder):
            shutil.copytree(
                folder,
                tmp_path / folder.name,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copy(FR_PO, po)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["fr"], verbosity=0)

    missing = problems(parse_po(po))
    assert missing == [], (
        "Strings without a French translation: run `make messages` and fill "
        "locale/fr/LC_MESSAGES/django.po"
    )


@pytest.mark.parametrize("accept_language", ["", "en"])
def test_home_page_speaks_french_by_default(client, home, accept_language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "Aller au contenu principal" in html
    assert "Accessibilité : non conforme" in html
    assert "Skip to main content" not in html


def test_english_home_page_keeps_english_strings(client, home):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Skip to main content" in html
    assert "Aller au contenu principal" not in html


def test_not_found_page_is_french_without_language_prefix(client, home):
    response = client.get("/page-inexistante/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html
    assert "Retour à la page d’accueil" in html


def test_search_filters_are_labelled_in_french(client, home):
    from tests.factories import member_page, practice

    practice(member_page())  # a territory kind to filter on
    response = client.get("/recherche/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Affiner" in html
    assert "Type de territoire" in html
    assert "Kind of territory" not in html
