"""Members of the network: who sees the contacts, and how one asks to become one.

Contacts (of practices and of member territories) are shown to the network's
people only: the "Membres" group (staff of member territories, no admin access),
the territories' editors and the editorial team (who reach the admin), and
staff. A request for an account is stored first, then e-mailed to the RTES team
by a Celery task; `send_pending_requests` (beat) sends whatever a broker or mail
outage left behind.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .bootstrap import EDITORIAL_GROUP_NAME
from .models import MembershipRequest

logger = logging.getLogger(__name__)

MEMBERS_GROUP_NAME = "Membres"
# A request not e-mailed this long after it was made is sent by the beat sweep.
PENDING_GRACE = datetime.timedelta(minutes=2)
# How long a request is kept once e-mailed (the page says so).
KEPT_FOR = datetime.timedelta(days=90)


def members_group() -> Group:
    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP_NAME)
    return group


def may_see_contacts(user) -> bool:
    """Whether `user` is one of the network's people, who see the contacts.

    Cached on the user object: a page asks once, whatever its number of contacts.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_rtes_sees_contacts", None)
    if cached is None:
        cached = (
            user.is_superuser
            or user.is_staff
            or user.groups.filter(name=MEMBERS_GROUP_NAME).exists()
            or user.has_perm("wagtailadmin.access_admin")
        )
        user._rtes_sees_contacts = cached
    return cached


def team_recipients() -> list[str]:
    """Where requests go: RTES_TEAM_EMAIL and the editorial team's own addresses."""
    addresses = [a for a in getattr(settings, "RTES_TEAM_EMAIL", "").split(",") if a]
    addresses += (
        Group.objects.filter(name=EDITORIAL_GROUP_NAME, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted({address.strip() for address in addresses if address.strip()})


def record_request(
    *, name: str, email: str, territory, role: str, message: str
) -> MembershipRequest:
    """Store a request (`tasks.send_after_commit` then e-mails it)."""
    request = MembershipRequest.objects.create(
        name=name, email=email, territory=territory, role=role, message=message
    )
    return request


def send_request(pk: int) -> bool:
    """E-mail request `pk` to the team unless done; True when it was sent now.

    The row is locked while the message is sent, so that the task and the sweep
    never send one request twice. Mail errors propagate (the task retries).
    """
    with transaction.atomic():
        request = (
            MembershipRequest.objects.select_for_update(skip_locked=True)
            .select_related("territory")
            .filter(pk=pk, sent_at=None)
            .first()
        )
        if request is None:
            return False
        recipients = team_recipients()
        if not recipients:
            logger.error("Membership request %s: no team address to send it to", pk)
            return False
        _message(request, recipients).send()
        MembershipRequest.objects.filter(pk=pk).update(sent_at=timezone.now())
    return True


def pending_requests() -> list[int]:
    """Requests still waiting for their e-mail, past the grace period."""
    cutoff = timezone.now() - PENDING_GRACE
    return list(
        MembershipRequest.objects.filter(sent_at=None, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:100]
    )


def _message(request: MembershipRequest, recipients: list[str]) -> EmailMessage:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "request": request,
        "add_user_url": base_url + reverse("wagtailusers_users:add"),
        "territory_page_url": _territory_admin_url(request.territory, base_url),
    }
    # The team works in French, whatever the visitor's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("rtes_site/membership_request_subject.txt", context)
        body = render_to_string("rtes_site/membership_request_email.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=recipients,
        reply_to=[request.email],
    )


def _territory_admin_url(territory, base_url: str) -> str:
    page = getattr(territory, "member_page", None)
    if page is None:
        return ""
    return base_url + reverse("wagtailadmin_explore", args=[page.pk])


def purge_old_requests() -> int:
    """Delete the requests e-mailed more than KEPT_FOR ago; return how many."""
    cutoff = timezone.now() - KEPT_FOR
    deleted, _ = MembershipRequest.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
