"""What counts as news when a practice is published."""

from digests.changes import text_change
from digests.models import PracticeChange, PracticeSnapshot
from tests.factories import LeverFactory, practice

LONG_TEXT = " ".join(f"mot{i}" for i in range(200))


def publish_edit(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()


def kinds(page):
    return list(
        PracticeChange.objects.filter(page=page)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_first_publication_is_new(territory_page, theme):
    page = practice(territory_page, themes=[theme])
    assert kinds(page) == ["new"]
    assert PracticeSnapshot.objects.get(page=page).theme_ids == [theme.pk]


def test_a_draft_is_no_news(territory_page):
    page = practice(territory_page, live=False)
    assert kinds(page) == []


def test_a_typo_fix_is_no_news(territory_page):
    page = practice(territory_page, summary=LONG_TEXT)
    publish_edit(page, summary=LONG_TEXT.replace("mot5 ", "mot5, "))
    assert kinds(page) == ["new"]


def test_a_rewritten_summary_is_an_update(territory_page):
    page = practice(territory_page, summary=LONG_TEXT)
    rewritten = " ".join(f"autre{i}" for i in range(80)) + " " + LONG_TEXT[:900]
    publish_edit(page, summary=rewritten)
    assert kinds(page) == ["new", "updated"]
    change = PracticeChange.objects.filter(page=page).last()
    assert "revised" in change.note or "remani" in change.note


def test_small_edits_add_up_to_an_update(territory_page):
    words = LONG_TEXT.split()
    page = practice(territory_page, summary=LONG_TEXT)
    for step in range(1, 6):  # 10 % more of the words each time
        edited = [f"neuf{i}" if i < step * 20 else w for i, w in enumerate(words)]
        publish_edit(page, summary=" ".join(edited))
    assert kinds(page).count("updated") == 1


def test_status_and_lever_changes_are_updates_with_a_note(territory_page, settings):
    settings.LANGUAGE_CODE = "en"
    lever = LeverFactory(name="Commande publique", slug="commande-publique")
    page = practice(territory_page, status="ongoing")
    publish_edit(page, status="completed")
    page.levers.set([lever])
    publish_edit(page)
    notes = list(
        PracticeChange.objects.filter(page=page, kind="updated")
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert notes == ["Status: Completed", "New levers: Commande publique"]


def test_text_change_measures_words():
    assert text_change("a b c d", "a b c d") == 0
    assert text_change("a b c d", "w x y z") == 1
    assert 0.2 < text_change("a b c d e", "a b c x y") < 0.5
