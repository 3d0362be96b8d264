"""Members writing to the contact of a practice, without ever seeing the address.

A message is stored first (`ContactMessage`), then e-mailed by a Celery task
after the commit: to the contact, with the member as Reply-To, and a copy to the
member, which names the contact but never gives the address. SMTP errors are
retried by the task; whatever a broker or mail outage left unsent is sent by
beat's sweep (`send_pending`), as for the membership requests. Each of the two
e-mails is marked sent on its own, so that a retry never sends one twice.

The limits count the stored rows (a rolling 24 hours): the rows are the record
of what was sent, so the count is exact and a cache flush cannot reset it, which
the cache counters of `digests.ratelimit` (made for anonymous forms) would allow.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from digests.links import absolute
from practices.models import PracticePage

from .members import may_see_contacts
from .models import ContactMessage

logger = logging.getLogger(__name__)

# A message not e-mailed this long after it was written is sent by the sweep.
PENDING_GRACE = datetime.timedelta(minutes=2)
# How long the subject and body are kept once both e-mails are sent; the row
# itself stays, for the counts.
KEPT_FOR = datetime.timedelta(days=30)
# Messages per rolling 24 hours: from one member, from one member to one
# practice, and to one practice from all members (RTES_CONTACT_LIMITS).
DEFAULT_LIMITS = {"sender": 5, "sender_practice": 2, "practice": 10}
WINDOW = datetime.timedelta(hours=24)


class LimitReached(Exception):
    """A member may not send one more message now; the text says why, in French."""


def limits() -> dict[str, int]:
    return DEFAULT_LIMITS | getattr(settings, "RTES_CONTACT_LIMITS", {})


def may_write(user) -> bool:
    """Whether `user` may write to contacts: the network's people, who see them."""
    return may_see_contacts(user)


def contactable_practice(page_id: int) -> PracticePage | None:
    """The live, public practice `page_id`, whether or not it has a contact."""
    if not 0 < page_id < 2**31:  # beyond any id (SQLite: OverflowError)
        return None
    return PracticePage.objects.live().public().filter(pk=page_id).first()


def has_contact_address(practice: PracticePage) -> bool:
    return bool(practice.contact_email.strip())


def _check_limits(sender, practice: PracticePage) -> None:
    recent = ContactMessage.objects.filter(created_at__gte=timezone.now() - WINDOW)
    allowed = limits()
    if recent.filter(sender=sender).count() >= allowed["sender"]:
        raise LimitReached(
            ngettext(
                "You have already sent %(count)d message in the last 24 hours, the "
                "most the site allows. You can write again tomorrow.",
                "You have already sent %(count)d messages in the last 24 hours, the "
                "most the site allows. You can write again tomorrow.",
                allowed["sender"],
            )
            % {"count": allowed["sender"]}
        )
    if (
        recent.filter(sender=sender, practice=practice).count()
        >= allowed["sender_practice"]
    ):
        raise LimitReached(
            ngettext(
                "You have already written %(count)d time to this contact in the last "
                "24 hours. Wait for their answer, or write again tomorrow.",
                "You have already written %(count)d times to this contact in the last "
                "24 hours. Wait for their answer, or write again tomorrow.",
                allowed["sender_practice"],
            )
            % {"count": allowed["sender_practice"]}
        )
    if recent.filter(practice=practice).count() >= allowed["practice"]:
        raise LimitReached(
            _(
                "This contact has received many messages today. "
                "Please write again tomorrow."
            )
        )


def record_message(
    *, sender, practice: PracticePage, subject: str, body: str, language: str
) -> ContactMessage:
    """Store a message within the limits (`tasks.send_contact_after_commit` then
    e-mails it); raise LimitReached, storing nothing, beyond them."""
    with transaction.atomic():
        # One member's messages are counted and stored one at a time.
        get_user_model().objects.select_for_update().filter(pk=sender.pk).first()
        _check_limits(sender, practice)
        return ContactMessage.objects.create(
            sender=sender,
            practice=practice,
            subject=subject,
            body=body,
            language=language,
        )


@dataclass(frozen=True)
class Sent:
    contact: bool = False
    copy: bool = False


def send_message(pk: int) -> Sent:
    """E-mail message `pk` to the contact, then its copy to the sender, each
    unless done. Mail errors propagate (the task retries)."""
    contact = _send_one(pk, "sent_at", _to_contact)
    # The copy follows the message, never precedes it.
    copy = _send_one(pk, "copy_sent_at", _copy_to_sender, Q(sent_at__isnull=False))
    return Sent(contact=contact, copy=copy)


def _send_one(pk: int, mark: str, build, *conditions) -> bool:
    """Send one of the two e-mails with the row locked, then mark it sent.

    Locked: the task and the sweep never send the same e-mail twice. Each
    e-mail in its own transaction: a failure of the copy cannot undo the mark of
    the message already sent.
    """
    with transaction.atomic():
        message = (
            # The row only: its sender may be null (an outer join, not lockable).
            ContactMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("practice", "sender")
            .filter(*conditions, pk=pk, **{mark: None})
            .first()
        )
        if message is None:
            return False
        if message.sender is None or not message.sender.email:
            logger.warning("Contact message %s: the sender has no address", pk)
            return False
        if not has_contact_address(message.practice):
            logger.warning("Contact message %s: the practice has no contact", pk)
            return False
        build(message).send()
        ContactMessage.objects.filter(pk=pk).update(**{mark: timezone.now()})
    return True


def pending_messages() -> list[int]:
    """Messages with an e-mail still to send, past the grace period, that can be
    sent (a sender with an address, a practice with a contact)."""
    cutoff = timezone.now() - PENDING_GRACE
    return list(
        ContactMessage.objects.filter(
            Q(sent_at=None) | Q(copy_sent_at=None),
            created_at__lt=cutoff,
            sender__isnull=False,
        )
        .exclude(sender__email="")
        .exclude(practice__contact_email="")
        .order_by("created_at")
        .values_list("pk", flat=True)[:100]
    )


def forget_old_contents() -> int:
    """Empty the subject and body of messages sent more than KEPT_FOR ago."""
    cutoff = timezone.now() - KEPT_FOR
    return (
        ContactMessage.objects.filter(sent_at__lt=cutoff, copy_sent_at__lt=cutoff)
        .exclude(subject="", body="")
        .update(subject="", body="")
    )


def person_name(user) -> str:
    return _one_line(user.get_full_name() or user.get_username())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _context(message: ContactMessage) -> dict:
    practice = message.practice
    return {
        "message": message,
        "subject": _one_line(message.subject),
        "practice": practice,
        "practice_url": absolute(practice.get_url()),
        "contact_name": _one_line(practice.contact_name),
        "sender_name": person_name(message.sender),
        "sender_email": message.sender.email,
    }


def _to_contact(message: ContactMessage) -> EmailMessage:
    context = _context(message)
    # Territory staff work in French, whatever the sender's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("rtes_site/contact_message_subject.txt", context)
        body = render_to_string("rtes_site/contact_message_email.txt", context)
    practice = message.practice
    return EmailMessage(
        subject=_one_line(subject),
        body=body,
        to=[formataddr((context["contact_name"], practice.contact_email.strip()))],
        reply_to=[formataddr((context["sender_name"], context["sender_email"]))],
    )


def _copy_to_sender(message: ContactMessage) -> EmailMessage:
    """The sender's copy: it names the contact, never gives their address."""
    context = _context(message)
    with translation.override(message.language or settings.LANGUAGE_CODE):
        subject = render_to_string("rtes_site/contact_copy_subject.txt", context)
        body = render_to_string("rtes_site/contact_copy_email.txt", context)
    return EmailMessage(
        subject=_one_line(subject),
        body=body,
        to=[formataddr((context["sender_name"], context["sender_email"]))],
    )
