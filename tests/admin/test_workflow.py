"""The "Relecture RTES" workflow: editors submit, the editorial team decides."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from tests.factories import practice

from .helpers import edit_practice, latest


@pytest.fixture
def submitted(as_editor_a, territory_a, client, editorial_user):
    """A practice of A, submitted for review by its editor; the client then logs
    in as the editorial team."""
    page = practice(territory_a, live=False, title="Fiche soumise")
    response = edit_practice(as_editor_a, page, action="submit")
    assert latest(page).workflow_in_progress, response
    client.force_login(editorial_user)
    return latest(page)


def workflow_action(client, page, action):
    task_state = latest(page).current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]
    )
    return client.post(url, {"comment": "Relu par l'équipe."})


def test_editorial_team_sees_the_approve_action(client, submitted):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))
    task_state = submitted.current_workflow_task_state
    # The button opens the modal of the "collect action data" view, which posts to
    # `workflow_action`.
    approve_url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[submitted.pk, "approve", task_state.pk],
    )
    assert approve_url in response.content.decode()


def test_approval_publishes_the_practice(client, submitted):
    workflow_action(client, submitted, "approve")
    page = latest(submitted)
    assert (page.live, page.workflow_in_progress) == (True, False)


def test_approved_practice_is_public(client, submitted):
    workflow_action(client, submitted, "approve")
    client.logout()
    response = client.get(latest(submitted).url)
    assert (response.status_code, "Fiche soumise" in response.content.decode()) == (
        200,
        True,
    )


def test_unapproved_practice_is_not_public(client, submitted):
    client.logout()
    assert client.get(submitted.url).status_code == 404


def test_request_changes_keeps_the_practice_offline(client, submitted):
    workflow_action(client, submitted, "reject")
    page = latest(submitted)
    state = page.workflow_states.get()
    assert (page.live, state.status) == (False, "needs_changes")


def test_editor_edit_after_request_changes_stays_offline(client, submitted, editor_a):
    workflow_action(client, submitted, "reject")
    client.force_login(editor_a)
    edit_practice(client, submitted, action="submit", summary="Corrigé.")
    page = latest(submitted)
    assert (page.live, page.workflow_in_progress) == (False, True)


# --- Scheduled publishing ----


@pytest.fixture
def scheduled(as_editor_a, territory_a, client, editorial_user):
    """A practice of A to go live next week, submitted and then approved."""
    page = practice(territory_a, live=False, title="Fiche programmée")
    next_week = timezone.localtime() + datetime.timedelta(days=7)
    edit_practice(
        as_editor_a,
        page,
        action="submit",
        go_live_at=next_week.strftime("%Y-%m-%d %H:%M"),
    )
    client.force_login(editorial_user)
    workflow_action(client, page, "approve")
    return latest(page)


def test_approved_future_practice_waits_for_its_date(scheduled):
    approved = Revision.objects.for_instance(scheduled).filter(
        approved_go_live_at__isnull=False
    )
    assert (scheduled.live, approved.count()) == (False, 1)


def test_publish_scheduled_before_the_date_changes_nothing(scheduled):
    call_command("publish_scheduled")
    assert latest(scheduled).live is False


def test_publish_scheduled_after_the_date_publishes(scheduled):
    # Wagtail reads the clock through `timezone.now()` only: moving it is enough.
    eight_days_later = timezone.now() + datetime.timedelta(days=8)
    with mock.patch("django.utils.timezone.now", return_value=eight_days_later):
        call_command("publish_scheduled")
    assert latest(scheduled).live is True
