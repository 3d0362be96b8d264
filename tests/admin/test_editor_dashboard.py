"""The dashboard panel of a territory editor: create a practice under their own
territory, and the territory's drafts, submissions and stale practices."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticePage
from tests.factories import TerritoryFactory, editor_of, member_page, practice

from .helpers import add_url, edit_practice, latest

HOME = reverse("wagtailadmin_home")


def panel(response) -> str:
    html = response.content.decode()
    start = html.index('id="rtes-editor')
    return html[start : html.index("</section>", start)]


def age(page, days):
    """Make `page` look last changed and published `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    PracticePage.objects.filter(pk=page.pk).update(
        latest_revision_created_at=when, last_published_at=when
    )


def test_panel_links_to_create_a_practice_in_own_territory(as_editor_a, territory_a):
    html = panel(as_editor_a.get(HOME))
    assert "Créer une fiche pratique" in html
    assert f'href="{add_url(territory_a)}"' in html


def test_the_link_opens_the_practice_form(as_editor_a, territory_a):
    response = as_editor_a.get(add_url(territory_a))
    assert response.status_code == 200
    assert "form" in response.context


def test_panel_lists_own_drafts_submissions_and_stale_practices(
    as_editor_a, territory_a, territory_b
):
    draft = practice(territory_a, live=False, title="Brouillon val-de-marnais")
    submitted = practice(territory_a, live=False, title="Fiche soumise")
    edit_practice(as_editor_a, submitted, action="submit")
    assert latest(submitted).workflow_in_progress
    stale = practice(territory_a, title="Fiche ancienne")
    age(stale, 600)
    reviewed = practice(
        territory_a,
        title="Fiche ancienne mais revue",
        last_reviewed=datetime.date.today(),
    )
    age(reviewed, 600)
    fresh = practice(territory_a, title="Fiche récente")
    practice(territory_b, live=False, title="Brouillon girondin")
    old_b = practice(territory_b, title="Fiche girondine ancienne")
    age(old_b, 600)

    html = panel(as_editor_a.get(HOME))
    sections = {
        heading: html.split(heading)[1].split("<h3>")[0]
        for heading in (
            "Vos brouillons",
            "Soumises à relecture",
            "Non mises à jour depuis 18 mois",
        )
    }
    assert draft.title in sections["Vos brouillons"]
    assert submitted.title in sections["Soumises à relecture"]
    assert submitted.title not in sections["Vos brouillons"]
    assert stale.title in sections["Non mises à jour depuis 18 mois"]
    assert reviewed.title not in html
    assert fresh.title not in html
    # Only the editor's territory.
    assert "girondin" not in html
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in html


def test_panel_queries_do_not_grow_with_practices(as_editor_a, territory_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_editor_a.get(HOME).status_code == 200
        return len(queries)

    practice(territory_a, live=False)
    age(practice(territory_a), 600)
    few = count()
    for _ in range(5):
        practice(territory_a, live=False)
        age(practice(territory_a), 600)
    assert count() == few


def test_editor_of_two_territories_gets_a_link_for_each(home, territory_a):
    other = member_page(TerritoryFactory(name="Rennes", code="35238", kind="commune"))
    editor = editor_of(territory_a, username="double")
    editor.groups.add(other.editors_group)
    client = Client()
    client.force_login(editor)
    html = panel(client.get(HOME))
    assert f'href="{add_url(territory_a)}"' in html
    assert f'href="{add_url(other)}"' in html
    assert "Créer une fiche pour Rennes" in html


def test_editorial_team_is_sent_to_the_page_tree(as_editorial, territory_a):
    html = panel(as_editorial.get(HOME))
    index = territory_a.get_parent()
    assert reverse("wagtailadmin_explore", args=[index.pk]) in html
    assert "Vous n'êtes rattaché" in html.replace("&#x27;", "'")


def test_editor_still_cannot_add_in_another_territory(as_editor_a, territory_b):
    response = as_editor_a.get(add_url(territory_b))
    assert response.status_code in (302, 403)
    assert add_url(territory_b) not in panel(as_editor_a.get(HOME))
