"""The demo subscribers and the send_digests command."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from digests.demo import load_demo_subscriptions
from digests.models import DigestDelivery
from tests.factories import practice

from .conftest import make_news_of, subscriber, this_period


def test_demo_subscribers_get_a_digest_once(territory_page, theme, settings):
    settings.LANGUAGE_CODE = "en"
    practice(territory_page, themes=[theme], external_id="demo-1")
    practice(
        territory_page,
        summary="Insertion par l'activité économique.",
        external_id="demo-2",
    )
    report = load_demo_subscriptions()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "camille@demo.rtes.example",
        "dominique@demo.rtes.example",
        "sacha@demo.rtes.example",
    ]
    assert report.sent == 3
    load_demo_subscriptions()
    assert len(mail.outbox) == 3


def test_the_command_sends_a_period_once_and_resends_failed(territory_page, theme):
    make_news_of(this_period(), practice(territory_page, themes=[theme]))
    subscriber("a@example.org", theme=theme)
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "1 digests planned" in out.getvalue() and "1 sent" in out.getvalue()
    call_command("send_digests", period=this_period().isoformat(), stdout=out)
    assert len(mail.outbox) == 1
    DigestDelivery.objects.update(status="failed")
    out = StringIO()
    call_command("send_digests", resend_failed=True, stdout=out)
    assert "1 failed digests queued again" in out.getvalue()
    assert len(mail.outbox) == 2
    assert "a@example.org" not in out.getvalue()


@pytest.mark.parametrize("period", ["yesterday", "2999-01-04"])
def test_the_command_refuses_bad_periods(db, period):
    with pytest.raises(CommandError, match="Cannot plan"):
        call_command("send_digests", period=period)


def test_on_the_embedded_default_each_digest_is_a_mail_file_of_its_own(
    territory_page, theme, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    make_news_of(this_period(), practice(territory_page, themes=[theme]))
    subscriber("a@example.org", theme=theme)
    subscriber("b@example.org", theme=theme)

    call_command("send_digests", stdout=StringIO())

    files = sorted(tmp_path.iterdir())
    assert len(files) == 2
    recipients = sorted(
        line for f in files for line in f.read_text().splitlines() if line[:3] == "To:"
    )
    assert recipients == ["To: a@example.org", "To: b@example.org"]
