"""Declaring lineage in the editor: checked, reviewed, own territory only."""

import pytest
from django.urls import reverse

from practices.models import PracticeInspiration
from tests.admin.helpers import denied, edit_practice, edit_url, latest
from tests.admin.test_workflow import workflow_action
from tests.factories import practice

from .conftest import inspirations

pytestmark = pytest.mark.django_db


def errors_of(response) -> str:
    assert response.status_code == 200, response.get("Location")
    return response.content.decode()


def test_the_editor_has_an_inspired_by_panel_choosing_practices(
    as_editor_a, practice_a
):
    html = as_editor_a.get(edit_url(practice_a)).content.decode()
    assert "Inspirée de" in html
    assert "Ajouter un(e) inspiration" in html
    # The page chooser of the panel offers practices only.
    assert "practices.practicepage" in html
    assert "Ce que vous en avez repris" in html  # the note's help text


def test_declared_inspiration_is_public_only_once_approved(
    client, as_editor_a, practice_a, practice_b, editorial_user
):
    response = edit_practice(
        as_editor_a,
        practice_a,
        action="submit",
        **inspirations((practice_b.pk, "Nous avons repris la clause type.")),
    )
    assert response.status_code == 302
    page = latest(practice_a)
    assert page.workflow_in_progress
    # Stored in the revision under review, not in the published state.
    draft = page.get_latest_revision_as_object()
    assert [i.source_id for i in draft.inspirations.all()] == [practice_b.pk]
    assert not PracticeInspiration.objects.filter(page=practice_a).exists()
    client.logout()
    assert "Inspirée de" not in client.get(practice_a.url).content.decode()
    assert "Adaptée par" not in client.get(practice_b.url).content.decode()

    client.force_login(editorial_user)
    workflow_action(client, page, "approve")
    client.logout()

    adaptation = client.get(practice_a.url).content.decode()
    assert "Inspirée de" in adaptation
    assert practice_b.url in adaptation
    assert "Nous avons repris la clause type." in adaptation
    original = client.get(practice_b.url).content.decode()
    assert "Adaptée par 1 territoire" in original
    assert practice_a.url in original


def test_a_practice_created_with_an_inspiration_stays_hidden_while_a_draft(
    client, as_editor_a, territory_a, practice_b
):
    from tests.admin.helpers import create_practice

    response = create_practice(
        as_editor_a,
        territory_a,
        title="Brouillon inspiré",
        **inspirations((practice_b.pk, "Repris.")),
    )
    assert response.status_code == 302
    client.logout()
    assert "Brouillon inspiré" not in client.get(practice_b.url).content.decode()
    assert "Adaptée par" not in client.get(practice_b.url).content.decode()


def test_a_practice_cannot_be_inspired_by_itself(as_editor_a, practice_a):
    response = edit_practice(
        as_editor_a, practice_a, **inspirations((practice_a.pk, "Moi-même."))
    )
    assert "Une pratique ne peut pas s’inspirer d’elle-même." in errors_of(response)
    assert latest(practice_a).latest_revision_id == practice_a.latest_revision_id


def test_a_draft_of_ones_own_territory_is_refused_by_name(as_editor_a, territory_a):
    mine = practice(territory_a, title="Ma fiche")
    draft = practice(territory_a, live=False, title="Mon brouillon")
    response = edit_practice(as_editor_a, mine, **inspirations((draft.pk, "")))
    assert (
        "« Mon brouillon » n’est pas publiée : seule une pratique publiée peut être "
        "citée." in errors_of(response)
    )
    assert latest(mine).latest_revision_id == mine.latest_revision_id


def test_a_draft_of_another_territory_is_refused_without_its_title(
    as_editor_a, practice_a, draft_practice_b
):
    response = edit_practice(
        as_editor_a, practice_a, **inspirations((draft_practice_b.pk, ""))
    )
    html = errors_of(response)
    assert "Cette pratique n’existe pas (ou plus)" in html
    assert draft_practice_b.title not in html
    assert latest(practice_a).latest_revision_id == practice_a.latest_revision_id


def test_a_practice_named_twice_is_refused(as_editor_a, practice_a, practice_b):
    response = edit_practice(
        as_editor_a,
        practice_a,
        **inspirations((practice_b.pk, "Une fois."), (practice_b.pk, "Deux fois.")),
    )
    assert "« Achats responsables en Gironde » est citée deux fois" in errors_of(
        response
    )
    assert latest(practice_a).latest_revision_id == practice_a.latest_revision_id


@pytest.mark.parametrize(
    "forged", ["999999", "abc", "-1", "99999999999999999999", "1.5", "territory"]
)
def test_a_forged_source_is_a_form_error(as_editor_a, practice_a, territory_b, forged):
    if forged == "territory":  # a page, but not a practice
        forged = str(territory_b.pk)
    response = edit_practice(
        as_editor_a,
        practice_a,
        action="submit",
        **inspirations({"source": forged, "note": "Falsifié."}),
    )
    assert "Cette pratique n’existe pas (ou plus)" in errors_of(response)
    page = latest(practice_a)
    assert (page.latest_revision_id, page.workflow_in_progress) == (
        practice_a.latest_revision_id,
        False,
    )


def test_a_note_longer_than_600_characters_is_refused(
    as_editor_a, practice_a, practice_b
):
    response = edit_practice(
        as_editor_a, practice_a, **inspirations((practice_b.pk, "x" * 601))
    )
    assert "600" in errors_of(response)
    assert latest(practice_a).latest_revision_id == practice_a.latest_revision_id


def test_a_source_unpublished_since_does_not_block_the_adaptation(
    client, as_editor_a, practice_a, practice_b, editorial_user
):
    practice_a.inspirations.add(PracticeInspiration(source=practice_b, note="Repris."))
    practice_a.save_revision().publish()
    practice_b.unpublish()
    link = PracticeInspiration.objects.get(page=practice_a)
    response = edit_practice(
        as_editor_a,
        practice_a,
        summary="Résumé revu.",
        **inspirations(
            {"id": str(link.pk), "source": str(practice_b.pk), "note": "Repris."},
            initial=1,
        ),
    )
    assert response.status_code == 302
    draft = latest(practice_a).get_latest_revision_as_object()
    assert (draft.summary, [i.source_id for i in draft.inspirations.all()]) == (
        "Résumé revu.",
        [practice_b.pk],
    )
    # Hidden from the public meanwhile.
    client.logout()
    assert "Inspirée de" not in client.get(practice_a.url).content.decode()


@pytest.mark.parametrize("action", [None, "submit", "publish"])
def test_an_editor_cannot_declare_lineage_on_another_territorys_practice(
    as_editor_a, practice_a, practice_b, action
):
    response = edit_practice(
        as_editor_a,
        practice_b,
        action=action,
        **inspirations((practice_a.pk, "Intrusion.")),
    )
    page = latest(practice_b)
    assert denied(response)
    assert page.latest_revision_id == practice_b.latest_revision_id
    assert not PracticeInspiration.objects.filter(page=practice_b).exists()
    revision = page.get_latest_revision_as_object()
    assert list(revision.inspirations.all()) == []


def test_the_editor_of_the_original_sees_nothing_to_declare_there(
    client, editor_b, practice_a, practice_b
):
    """Lineage is declared on the adaptation: B's editor cannot open A's form."""
    client.force_login(editor_b)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[practice_a.pk]))
    assert denied(response)
