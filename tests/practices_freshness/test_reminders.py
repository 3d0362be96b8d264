"""The monthly reminder: one e-mail per editor and month listing their
territory's stale practices; never twice, never lost."""

import datetime
import smtplib
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from digests import tasks
from digests.models import StaleReminder
from digests.stale_reminders import plan_month, send_reminder
from practices.freshness import mark_current
from tests.digests_delivery.smtp import smtp_delivery
from tests.factories import UserFactory, practice

from .conftest import age

pytestmark = pytest.mark.django_db

DECEMBER = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://rtes.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_month(month=DECEMBER) -> int:
    """Plan and send as the tasks do; how many were sent now."""
    return sum(send_reminder(pk) for pk in plan_month(month))


def test_each_editor_gets_their_territorys_stale_practices(
    territory_a, territory_b, editor_a, editor_b, stale_a
):
    editor_a.first_name, editor_a.last_name = "Camille", "Dupont"
    editor_a.save()
    practice(territory_a, title="Fiche récente")
    reviewed = age(practice(territory_a, title="Revue"), 700, reviewed_days=3)
    age(practice(territory_b, title="Fiche girondine ancienne"), 600)
    UserFactory(username="sans-territoire")

    assert run_month() == 2

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {editor_a.email, editor_b.email}
    message = by_recipient[editor_a.email]
    assert message.subject == "RTES : fiches à vérifier dans votre territoire"
    assert message.body.startswith("Bonjour Camille Dupont,")
    assert stale_a.title in message.body
    assert f"https://rtes.example/admin/pages/{stale_a.pk}/edit/" in message.body
    assert "Fiche récente" not in message.body and reviewed.title not in message.body
    assert "girondine" not in message.body
    html = message.alternatives[0][0]
    assert f'href="https://rtes.example/admin/pages/{stale_a.pk}/edit/"' in html
    assert "Bonjour Camille Dupont," in html
    assert StaleReminder.objects.get(user=editor_a).practice_count == 1


def test_a_second_run_in_the_month_sends_nothing(territory_a, editor_a, stale_a):
    assert run_month() == 1
    assert run_month() == 0
    assert len(mail.outbox) == 1
    # A practice turning stale later that month waits for next month.
    age(practice(territory_a), 600)
    assert run_month() == 0
    assert len(mail.outbox) == 1
    assert run_month(datetime.date(2027, 1, 1)) == 1
    assert len(mail.outbox) == 2


def test_nothing_stale_no_mail_no_row(territory_a, editor_a):
    practice(territory_a)
    assert run_month() == 0
    assert mail.outbox == [] and not StaleReminder.objects.exists()


def test_marked_current_before_sending_then_nothing_is_sent(
    territory_a, editor_a, stale_a
):
    [pk] = plan_month(DECEMBER)
    mark_current(stale_a.pk)
    assert send_reminder(pk) is False
    assert mail.outbox == []


def test_the_unique_row_stops_a_second_sender(territory_a, editor_a, stale_a):
    [pk] = plan_month(DECEMBER)
    assert send_reminder(pk) is True
    # A late worker with the same id sends nothing; a second plan adds no row.
    assert send_reminder(pk) is False
    plan_month(DECEMBER)
    assert StaleReminder.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.integration
def test_refused_mail_is_retried_never_lost(settings, territory_a, editor_a, stale_a):
    with smtp_delivery(settings) as handler:
        handler.refuse_next = 1

        [pk] = plan_month(DECEMBER)
        with pytest.raises(smtplib.SMTPException):
            send_reminder(pk)
        assert StaleReminder.objects.get(pk=pk).sent_at is None
        # The next run (or the task's retry) takes it up, once.
        assert run_month() == 1
        assert run_month() == 0
        assert handler.recipients() == [editor_a.email]


def test_the_send_task_retries_on_mail_errors():
    assert set(tasks.send_stale_reminder.autoretry_for) >= {smtplib.SMTPException}
    assert tasks.send_stale_reminder.max_retries > 0


def test_beat_plans_the_reminders():
    entry = settings.CELERY_BEAT_SCHEDULE["plan-stale-reminders"]
    assert entry["task"] == tasks.plan_stale_reminders.name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_one_mail(territory_a, editor_a, stale_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers)")
    [pk] = plan_month(DECEMBER)
    barrier = threading.Barrier(2)
    results = []

    def worker():
        barrier.wait()
        try:
            results.append(send_reminder(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


def test_the_beat_task_sends_after_commit(
    django_capture_on_commit_callbacks, territory_a, editor_a, stale_a
):
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.plan_stale_reminders.delay("2026-12").get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.plan_stale_reminders.delay("2026-12").get() == 0
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert StaleReminder.objects.get().month == DECEMBER
