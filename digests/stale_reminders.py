"""The monthly reminder: each territory editor gets the list of their territory's
stale practices (see practices.freshness), at most once a month.

`plan_month` writes one StaleReminder row per editor who has something to check;
`send_reminder` sends the e-mail of one row, holding the row's lock while it
does, and records the time. A mail error leaves the row unsent: the task retries
and every later run of the month takes it up again.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from practices.freshness import checked_on, stale_practices
from territories.models import TerritoryPage

from .links import absolute
from .models import StaleReminder

logger = logging.getLogger(__name__)


def month_of(day: datetime.date | None = None) -> datetime.date:
    """The first day of the month of `day` (default: today, Europe/Paris)."""
    return (day or timezone.localdate()).replace(day=1)


def editors_territories(user_id: int | None = None) -> dict[int, list[TerritoryPage]]:
    """Each active editor with an address (or only `user_id`), and the member
    territories they edit."""
    territories = TerritoryPage.objects.filter(editors_group__isnull=False).only(
        "pk", "title", "path", "depth", "editors_group"
    )
    by_group = {t.editors_group_id: t for t in territories}
    editors = defaultdict(list)
    memberships = (
        get_user_model()
        .groups.through.objects.filter(group_id__in=by_group, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "group_id")
    )
    if user_id is not None:
        memberships = memberships.filter(user_id=user_id)
    for user_id, group_id in memberships:
        editors[user_id].append(by_group[group_id])
    return editors


def plan_month(month: datetime.date | None = None) -> list[int]:
    """Write the month's rows for editors with stale practices; return the
    ids of the month's rows not sent yet (planned now or left by a failure)."""
    month = month_of(month)
    for user_id, territories in editors_territories().items():
        if stale_practices(territories).exists():
            StaleReminder.objects.get_or_create(user_id=user_id, month=month)
    return list(
        StaleReminder.objects.filter(month=month, sent_at=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_reminder(pk: int) -> bool:
    """Send the reminder of row `pk` unless done; True when it was sent now.

    Mail errors propagate (the task retries) and leave the row unsent.
    """
    with transaction.atomic():
        row = (
            StaleReminder.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=pk, sent_at=None)
            .first()
        )
        if row is None:
            return False
        territories = editors_territories(row.user_id).get(row.user_id, [])
        practices = list(stale_practices(territories))
        if not practices:
            # Checked meanwhile, or no longer an editor: nothing to say. Without
            # a row, a practice turning stale later this month is still reported.
            row.delete()
            return False
        _message(row.user, practices).send()
        row.sent_at = timezone.now()
        row.practice_count = len(practices)
        row.save(update_fields=["sent_at", "practice_count"])
    return True


def _message(user, practices) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("RTES: practices to check in your territory")
        context = {
            "subject": subject,
            "name": user.get_full_name() or user.get_username(),
            "practices": [
                {
                    "title": page.title,
                    "checked_on": checked_on(page),
                    "edit_url": absolute(
                        reverse("wagtailadmin_pages:edit", args=[page.pk])
                    ),
                    "still_current_url": absolute(
                        reverse("practices_mark_current", args=[page.pk])
                    ),
                }
                for page in practices
            ],
            "dashboard_url": absolute(reverse("wagtailadmin_home")),
        }
        text = render_to_string("digests/stale_reminder_email.txt", context)
        html = render_to_string("digests/stale_reminder_email.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
