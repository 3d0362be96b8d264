"""The digest e-mail: subject, plain text and HTML (inline CSS, no external asset).

Rendering 50,000 digests through full templates would take minutes, so each piece
is rendered once and reused: the layout (once per composer, with slots filled per
message), each practice's card (once per practice and news), each group heading
and why-line (once per distinct wording). A message is then string assembly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from search.facets import FACET_TITLES, facet_labels
from search.matching import SavedSearch

from .matching import Group, Item, absolute
from .models import PracticeChange, Subscriber, Subscription
from .tokens import make_token

SLOT = re.compile(r"\x00(\w+)\x00")


class Layout:
    """A template rendered once with markers in its slots; `fill` per message."""

    def __init__(self, template_name: str, slots: list[str], context: dict):
        markers = {slot: mark_safe(f"\x00{slot}\x00") for slot in slots}  # noqa: S308
        self.parts = SLOT.split(render_to_string(template_name, context | markers))

    def fill(self, **values: str) -> str:
        # split() alternates text and slot names: odd indexes are slot names.
        return "".join(
            values[part] if i % 2 else part for i, part in enumerate(self.parts)
        )


@dataclass
class DigestContent:
    subject: str
    text: str
    html: str
    practice_count: int
    message_id: str
    headers: dict[str, str] = field(default_factory=dict)


def message_id(subscriber_id: int, period: dt.date) -> str:
    """The same for every attempt at one digest, so receivers can drop a copy."""
    domain = urlsplit(settings.DIGEST_BASE_URL).hostname or "rtes.invalid"
    return f"<digest.{subscriber_id}.{period:%Y%m%d}@{domain}>"


def subscriber_links(subscriber: Subscriber) -> tuple[str, str]:
    """Signed (manage, unsubscribe) URLs: the address never appears in them."""
    manage = reverse(
        "digests:manage", kwargs={"token": make_token(subscriber, "manage")}
    )
    leave = reverse(
        "digests:unsubscribe", kwargs={"token": make_token(subscriber, "unsubscribe")}
    )
    return absolute(manage), absolute(leave)


class DigestComposer:
    """Compose digests in French; caches what many messages share."""

    def __init__(self, period: dt.date):
        self.period = period
        self.language = settings.LANGUAGE_CODE
        self._cards: dict[tuple, tuple[str, str]] = {}
        self._headings: dict[str, tuple[str, str]] = {}
        self._labels: dict[str, dict[str, str]] = {}
        with translation.override(self.language):
            self.date = formats.date_format(period, "j F Y")
            context = {"date": self.date, "site_name": settings.WAGTAIL_SITE_NAME}
            slots = ["intro", "groups", "manage_url", "unsubscribe_url"]
            self.html = Layout("digests/email/digest.html", slots, context)
            self.text = Layout("digests/email/digest.txt", slots, context)

    def prepare_labels(self, subscriptions) -> None:
        """Labels of the facet values saved searches select (fixed query count)."""
        values: dict[str, set[str]] = {}
        for subscription in subscriptions:
            if subscription.kind == Subscription.Kind.SEARCH:
                search = SavedSearch.from_saved(
                    subscription.query, subscription.filters
                )
                for facet, selected in search.filters.items():
                    values.setdefault(facet, set()).update(selected)
        if values:
            with translation.override(self.language):
                for facet, labels in facet_labels(values).items():
                    self._labels.setdefault(facet, {}).update(labels)

    # --- wording ----

    def _search_summary(self, subscription: Subscription) -> tuple[str, str]:
        search = SavedSearch.from_saved(subscription.query, subscription.filters)
        parts = []
        for facet, values in search.filters.items():
            names = sorted(self._labels.get(facet, {}).get(v, v) for v in values)
            parts.append(f"{FACET_TITLES[facet]} : {', '.join(names)}")
        return search.text, " ; ".join(parts)

    def title(self, subscription: Subscription) -> str:
        kind = subscription.kind
        if kind == Subscription.Kind.THEME:
            return _("Theme “%(name)s”") % {"name": subscription.theme.name}
        if kind == Subscription.Kind.LEVER:
            return _("Lever “%(name)s”") % {"name": subscription.lever.name}
        if kind == Subscription.Kind.TERRITORY:
            return _("Territory “%(name)s”") % {"name": subscription.territory.name}
        text, filters = self._search_summary(subscription)
        title = (
            _("Saved search “%(text)s”") % {"text": text} if text else _("Saved search")
        )
        return f"{title} ({filters})" if filters else title

    def reason(self, subscription: Subscription) -> str:
        kind = subscription.kind
        if kind == Subscription.Kind.THEME:
            return _("you follow the theme “%(name)s”") % {
                "name": subscription.theme.name
            }
        if kind == Subscription.Kind.LEVER:
            return _("you follow the lever “%(name)s”") % {
                "name": subscription.lever.name
            }
        if kind == Subscription.Kind.TERRITORY:
            return _("you follow the territory “%(name)s”") % {
                "name": subscription.territory.name
            }
        text, _filters = self._search_summary(subscription)
        if text:
            return _("it matches your saved search “%(text)s”") % {"text": text}
        return _("it matches your saved search")

    def why(self, item: Item) -> str:
        reasons = ", ".join(dict.fromkeys(self.reason(s) for s in item.subscriptions))
        return _("Why this practice: %(reasons)s.") % {"reasons": reasons}

    # --- pieces ----

    def card(self, item: Item) -> tuple[str, str]:
        """(html, text) of a practice with its news; the why-line is added apart."""
        key = (item.practice.page_id, item.kind, item.note)
        if key not in self._cards:
            if item.kind == PracticeChange.Kind.NEW:
                badge = _("New practice")
            elif item.note:
                badge = _("Updated: %(note)s") % {"note": item.note}
            else:
                badge = _("Updated practice")
            context = {"practice": item.practice, "badge": badge, "why": "\x00why\x00"}
            self._cards[key] = (
                render_to_string("digests/email/practice.html", context),
                render_to_string("digests/email/practice.txt", context),
            )
        return self._cards[key]

    def heading(self, group: Group) -> tuple[str, str]:
        title = self.title(group.subscription)
        if title not in self._headings:
            context = {"title": title}
            self._headings[title] = (
                render_to_string("digests/email/group.html", context),
                render_to_string("digests/email/group.txt", context),
            )
        return self._headings[title]

    def compose(self, subscriber: Subscriber, groups: list[Group]) -> DigestContent:
        """The whole message of one subscriber (groups must not be empty)."""
        with translation.override(self.language):
            html_parts, text_parts, count = [], [], 0
            for group in groups:
                heading_html, heading_text = self.heading(group)
                html_parts.append(heading_html)
                text_parts.append(heading_text.strip())
                for item in group.items:
                    count += 1
                    card_html, card_text = self.card(item)
                    why = self.why(item)
                    html_parts.append(card_html.replace("\x00why\x00", escape(why)))
                    text_parts.append(card_text.replace("\x00why\x00", why).strip())
            intro = ngettext(
                "%(count)s practice published or updated since your last digest.",
                "%(count)s practices published or updated since your last digest.",
                count,
            ) % {"count": count}
            subject = ngettext(
                "RTES digest of %(date)s: %(count)s new or updated practice",
                "RTES digest of %(date)s: %(count)s new or updated practices",
                count,
            ) % {"date": self.date, "count": count}
            manage_url, unsubscribe_url = subscriber_links(subscriber)
        html = self.html.fill(
            intro=escape(intro),
            groups="".join(html_parts),
            manage_url=escape(manage_url),
            unsubscribe_url=escape(unsubscribe_url),
        )
        text = self.text.fill(
            intro=intro,
            groups="\n\n".join(text_parts),
            manage_url=manage_url,
            unsubscribe_url=unsubscribe_url,
        )
        return DigestContent(
            subject=subject,
            text=text,
            html=html,
            practice_count=count,
            message_id=message_id(subscriber.pk, self.period),
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
