"""Subscribers, what they follow, and the weekly digests sent to them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token_key() -> str:
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """An e-mail address that receives the weekly digest once confirmed.

    Deleting a subscriber deletes its subscriptions and delivery history.
    """

    email = models.EmailField(_("e-mail address"), unique=True)  # stored lowercased
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest_subscriber",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Part of every signed link: rotating it revokes all links sent so far.
    token_key = models.CharField(max_length=32, default=new_token_key, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Subscription(models.Model):
    """One thing a subscriber follows: a theme, lever, territory or saved search."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        LEVER = "lever", _("Lever of public action")
        TERRITORY = "territory", _("Territory")  # a member territory or a région
        SEARCH = "search", _("Saved search")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    theme = models.ForeignKey(
        "practices.Theme", null=True, blank=True, on_delete=models.CASCADE
    )
    lever = models.ForeignKey(
        "practices.Lever", null=True, blank=True, on_delete=models.CASCADE
    )
    territory = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.CASCADE
    )
    # A saved search: the query text and the selected facet values, as the search
    # page's GET parameters give them ({"theme": ["achats"], "region": ["11"]}).
    query = models.CharField(_("search text"), max_length=500, blank=True)
    filters = models.JSONField(_("search filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "theme"],
                condition=models.Q(kind="theme"),
                name="unique_theme_subscription",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "lever"],
                condition=models.Q(kind="lever"),
                name="unique_lever_subscription",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "territory"],
                condition=models.Q(kind="territory"),
                name="unique_territory_subscription",
            ),
        ]

    def __str__(self):
        target = self.theme or self.lever or self.territory or self.query
        return f"{self.get_kind_display()}: {target}"


class PracticeChange(models.Model):
    """A practice published for the first time or substantially updated.

    Written when the page is published; the digests read these, never the page
    history, so that what counted as news is decided once.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New practice")
        UPDATED = "updated", _("Updated practice")

    page = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    happened_at = models.DateTimeField(_("date"), db_index=True)
    # What changed, in a few words for the digest ("status: completed").
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    # The practices this publication newly names as its sources ("inspirée de"):
    # their followers hear that they were adapted.
    source_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("practice change")
        verbose_name_plural = _("practice changes")
        ordering = ["happened_at"]

    def __str__(self):
        return f"{self.kind} {self.page_id} {self.happened_at:%Y-%m-%d}"


class PracticeSnapshot(models.Model):
    """What a practice looked like when it was last news (or first seen).

    `digests.changes` compares each publication with this state, so that several
    small edits add up to an update, while a typo fix alone is no news.
    """

    page = models.OneToOneField(
        "practices.PracticePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    status = models.CharField(max_length=10)
    theme_ids = models.JSONField(default=list)
    lever_ids = models.JSONField(default=list)
    text = models.TextField(blank=True)  # title, summary and body, as indexed
    source_ids = models.JSONField(default=list)  # the practices it is inspired by
    recorded_at = models.DateTimeField()

    def __str__(self):
        return f"{self.page_id} {self.recorded_at:%Y-%m-%d}"


class DigestDelivery(models.Model):
    """The digest of one subscriber for one period: planned, claimed, sent once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        EMPTY = "empty", _("Nothing to send")
        FAILED = "failed", _("Failed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The Monday (Europe/Paris) of the week the digest is for.
    period = models.DateField(_("period"))
    # Changes in (window_start, window_end] are in this digest.
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    practice_count = models.PositiveIntegerField(_("practices"), default=0)
    message_id = models.CharField(max_length=255, blank=True)
    # After an SMTP failure: not claimed again before this time (backoff).
    not_before = models.DateTimeField(_("retry after"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "period"], name="one_digest_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self):
        return f"{self.subscriber_id} {self.period}"


class StaleReminder(models.Model):
    """The monthly e-mail telling one territory editor which practices to check.

    One row per editor and month, unique: a second run of beat, or two workers,
    find the row and send nothing. The row is written when the e-mail went out;
    until then (mail server down) the task retries and the next run takes it up.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stale_reminders",
    )
    # The first day of the month (Europe/Paris) the reminder is for.
    month = models.DateField(_("month"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    practice_count = models.PositiveIntegerField(_("practices"), default=0)

    class Meta:
        verbose_name = _("stale practices reminder")
        verbose_name_plural = _("stale practices reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month"], name="one_stale_reminder_per_month"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.month:%Y-%m}"
