"""Revisions, revert and preview work for an editor on their own practices."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils.form_data import querydict_from_html

from tests.factories import practice

from .helpers import edit_practice, latest, practice_form_data


@pytest.fixture
def edited_twice(as_editor_a, territory_a):
    """A draft practice of A that its editor saved twice, with two summaries."""
    page = practice(territory_a, live=False, title="Fiche révisée")
    edit_practice(as_editor_a, page, summary="Première version.")
    edit_practice(as_editor_a, page, summary="Seconde version.")
    return latest(page)


def revision_with_summary(page, summary):
    return next(
        revision
        for revision in Revision.objects.for_instance(page)
        if revision.content["summary"] == summary
    )


def revert_url(page, revision):
    return reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])


def test_each_save_makes_a_revision(edited_twice):
    summaries = [
        r.content["summary"]
        for r in Revision.objects.for_instance(edited_twice).order_by("pk")
    ]
    assert summaries[-2:] == ["Première version.", "Seconde version."]


def test_history_lists_both_revisions(as_editor_a, edited_twice):
    html = as_editor_a.get(
        reverse("wagtailadmin_pages:history", args=[edited_twice.pk])
    ).content.decode()
    shown = [
        reverse("wagtailadmin_pages:revisions_view", args=[edited_twice.pk, r.pk])
        in html
        for r in (
            revision_with_summary(edited_twice, "Première version."),
            revision_with_summary(edited_twice, "Seconde version."),
        )
    ]
    assert shown == [True, True]


def test_history_offers_to_revert_to_the_older_version(as_editor_a, edited_twice):
    html = as_editor_a.get(
        reverse("wagtailadmin_pages:history", args=[edited_twice.pk])
    ).content.decode()
    first = revision_with_summary(edited_twice, "Première version.")
    assert revert_url(edited_twice, first) in html


def test_revert_form_is_prefilled_with_the_old_version(as_editor_a, edited_twice):
    first = revision_with_summary(edited_twice, "Première version.")
    response = as_editor_a.get(revert_url(edited_twice, first))
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    assert form["summary"].strip() == "Première version."


def test_saving_the_revert_form_restores_the_old_version(as_editor_a, edited_twice):
    first = revision_with_summary(edited_twice, "Première version.")
    data = practice_form_data(
        title=edited_twice.title, slug=edited_twice.slug, summary="Première version."
    )
    as_editor_a.post(revert_url(edited_twice, first), data)
    page = latest(edited_twice)
    reverted = PageLogEntry.objects.filter(page=page, action="wagtail.revert")
    assert (
        page.get_latest_revision_as_object().summary,
        page.live,
        reverted.count(),
    ) == ("Première version.", False, 1)


def test_preview_renders_the_unsaved_draft(as_editor_a, edited_twice):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[edited_twice.pk])
    data = practice_form_data(
        title=edited_twice.title, slug=edited_twice.slug, summary="Aperçu non saisi."
    )
    posted = as_editor_a.post(url, data)
    assert posted.json()["is_valid"] is True
    response = as_editor_a.get(url)
    assert (response.status_code, "Aperçu non saisi." in response.content.decode()) == (
        200,
        True,
    )


def test_preview_changes_nothing(as_editor_a, edited_twice):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[edited_twice.pk])
    as_editor_a.post(
        url, practice_form_data(title=edited_twice.title, slug=edited_twice.slug)
    )
    as_editor_a.get(url)
    assert latest(edited_twice).latest_revision_id == edited_twice.latest_revision_id
