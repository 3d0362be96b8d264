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
from functools import lru_cache
from urllib.parse import urlencode, urlsplit

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

from .kinds import FOLLOWED
from .links import absolute
from .models import PracticeChange, Subscriber, Subscription
from .selection import Group, Item
from .tokens import make_token

SLOT = re.compile(r"\x00(\w+)\x00")
# Practices shown per group; the rest are counted, with a link to the search page.
MAX_PER_GROUP = 20


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
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "rtes.invalid"
    return f"<digest.{subscriber_id}.{period:%Y%m%d}@{domain}>"


@lru_cache(maxsize=8)
def _link_pattern(name: str, language: str) -> str:
    """The URL of `name` with a slot for the token: reverse() once, not per mail."""
    with translation.override(language):
        return absolute(reverse(name, kwargs={"token": "TOKEN0"})).replace(
            "TOKEN0", "{token}"
        )


def subscriber_links(subscriber: Subscriber) -> tuple[str, str]:
    """Signed (manage, unsubscribe) URLs: the address never appears in them."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return tuple(
        _link_pattern(name, language).format(token=make_token(subscriber, purpose))
        for name, purpose in (
            ("digests:manage", "manage"),
            ("digests:unsubscribe", "unsubscribe"),
        )
    )


def target_key(subscription: Subscription) -> tuple:
    """Equal for subscriptions of different people to the same thing."""
    return (
        subscription.kind,
        subscription.theme_id,
        subscription.lever_id,
        subscription.territory_id,
        subscription.query,
        repr(subscription.filters),
    )


class DigestComposer:
    """Compose digests in French; caches what many messages share."""

    def __init__(self, period: dt.date):
        self.period = period
        self.language = settings.LANGUAGE_CODE
        self._cards: dict[tuple, tuple[str, str]] = {}
        self._headings: dict[tuple, tuple[str, str]] = {}
        self._reasons: dict[tuple, str] = {}
        self._whys: dict[tuple, str] = {}
        self._mores: dict[tuple, tuple[str, str]] = {}
        self._items: dict[tuple, tuple[str, str]] = {}
        self._counted: dict[int, tuple[str, str]] = {}
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
            names = sorted(str(self._labels.get(facet, {}).get(v, v)) for v in values)
            parts.append(f"{FACET_TITLES[facet]} : {', '.join(names)}")
        return search.text, " ; ".join(parts)

    def title(self, subscription: Subscription) -> str:
        if subscription.kind in FOLLOWED:
            return FOLLOWED[subscription.kind].phrase("title", subscription)
        text, filters = self._search_summary(subscription)
        title = (
            _("Saved search “%(text)s”") % {"text": text} if text else _("Saved search")
        )
        return f"{title} ({filters})" if filters else title

    def reason(self, subscription: Subscription) -> str:
        if subscription.kind in FOLLOWED:
            return FOLLOWED[subscription.kind].phrase("reason", subscription)
        text, _filters = self._search_summary(subscription)
        if text:
            return _("it matches your saved search “%(text)s”") % {"text": text}
        return _("it matches your saved search")

    def _reason(self, subscription: Subscription) -> str:
        key = target_key(subscription)
        if key not in self._reasons:
            self._reasons[key] = self.reason(subscription)
        return self._reasons[key]

    def why(self, item: Item) -> str:
        keys = tuple(target_key(s) for s in item.subscriptions) + tuple(
            (original.page_id, target_key(s)) for original, s in item.adapts
        )
        if keys not in self._whys:
            reasons = [self._reason(s) for s in item.subscriptions] + [
                _("it adapts “%(practice)s” and %(reason)s")
                % {"practice": original.title, "reason": self._reason(s)}
                for original, s in item.adapts
            ]
            self._whys[keys] = _("Why this practice: %(reasons)s.") % {
                "reasons": ", ".join(dict.fromkeys(reasons))
            }
        return self._whys[keys]

    def more_url(self, subscription: Subscription) -> str:
        """The search page listing what the subscription follows, newest first."""
        params: list[tuple[str, str]] = []
        if subscription.kind in FOLLOWED:
            followed = FOLLOWED[subscription.kind]
            params += followed.search_params(followed.followed_object(subscription))
        else:
            search = SavedSearch.from_saved(subscription.query, subscription.filters)
            if search.text:
                params.append(("q", search.text))
            for facet, values in sorted(search.filters.items()):
                params += [(facet, value) for value in sorted(values)]
        params.append(("sort", "newest"))
        return absolute(reverse("search")) + "?" + urlencode(params)

    # --- pieces ----

    def adapted(self, item: Item) -> str:
        """The "X adapted a practice you follow:" line, before the originals."""
        count = len({original.page_id for original, _s in item.adapts})
        if item.practice.territory_name:
            return ngettext(
                "%(territory)s adapted a practice you follow:",
                "%(territory)s adapted practices you follow:",
                count,
            ) % {"territory": item.practice.territory_name}
        return ngettext(
            "A territory adapted a practice you follow:",
            "A territory adapted practices you follow:",
            count,
        )

    def card(self, item: Item) -> tuple[str, str]:
        """(html, text) of a practice with its news; the why-line is added apart."""
        originals = list({o.page_id: o for o, _s in item.adapts}.values())
        key = (
            item.practice.page_id,
            item.kind,
            item.note,
            tuple(o.page_id for o in originals),
        )
        if key not in self._cards:
            if item.kind == PracticeChange.Kind.NEW:
                badge = _("New practice")
            elif item.note:
                badge = _("Updated: %(note)s") % {"note": item.note}
            else:
                badge = _("Updated practice")
            context = {
                "practice": item.practice,
                "badge": badge,
                "why": "\x00why\x00",
                "adapted": self.adapted(item) if originals else "",
                "originals": [
                    (o, _("“%(text)s”") % {"text": o.title}) for o in originals
                ],
            }
            self._cards[key] = (
                render_to_string("digests/email/practice.html", context),
                render_to_string("digests/email/practice.txt", context),
            )
        return self._cards[key]

    def item(self, item: Item) -> tuple[str, str]:
        """(html, text) of a practice with its why-line, shared by every reader
        who follows the same things."""
        key = (
            item.practice.page_id,
            item.kind,
            item.note,
            tuple(target_key(s) for s in item.subscriptions),
            tuple((o.page_id, target_key(s)) for o, s in item.adapts),
        )
        if key not in self._items:
            card_html, card_text = self.card(item)
            why = self.why(item)
            self._items[key] = (
                card_html.replace("\x00why\x00", escape(why)),
                card_text.replace("\x00why\x00", why).strip(),
            )
        return self._items[key]

    def heading(self, group: Group) -> tuple[str, str]:
        subscription = group.subscription
        key = ("adaptations",) if subscription is None else target_key(subscription)
        if key not in self._headings:
            title = (
                _("Adaptations of practices you follow")
                if subscription is None
                else self.title(subscription)
            )
            context = {"title": title}
            self._headings[key] = (
                render_to_string("digests/email/group.html", context),
                render_to_string("digests/email/group.txt", context),
            )
        return self._headings[key]

    def more(self, group: Group) -> tuple[str, str]:
        """The line after a long group: how many more, and where to see them."""
        hidden = len(group.items) - MAX_PER_GROUP
        key = (target_key(group.subscription), hidden)
        if key in self._mores:
            return self._mores[key]
        context = {
            "text": ngettext(
                "And %(count)s more practice: see them on the site",
                "And %(count)s more practices: see them on the site",
                hidden,
            )
            % {"count": hidden},
            "url": self.more_url(group.subscription),
        }
        self._mores[key] = (
            render_to_string("digests/email/more.html", context),
            render_to_string("digests/email/more.txt", context),
        )
        return self._mores[key]

    def counted(self, count: int) -> tuple[str, str]:
        """(intro, subject) for a digest of `count` practices."""
        if count not in self._counted:
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
            self._counted[count] = intro, subject
        return self._counted[count]

    def compose(self, subscriber: Subscriber, groups: list[Group]) -> DigestContent:
        """The whole message of one subscriber (groups must not be empty)."""
        with translation.override(self.language):
            html_parts, text_parts, count = [], [], 0
            for group in groups:
                heading_html, heading_text = self.heading(group)
                html_parts.append(heading_html)
                text_parts.append(heading_text.strip())
                count += len(group.items)
                # Adaptations are few, and no search page lists them: all shown.
                limit = MAX_PER_GROUP if group.subscription else len(group.items)
                for item in group.items[:limit]:
                    item_html, item_text = self.item(item)
                    html_parts.append(item_html)
                    text_parts.append(item_text)
                if len(group.items) > limit:
                    more_html, more_text = self.more(group)
                    html_parts.append(more_html)
                    text_parts.append(more_text.strip())
            intro, subject = self.counted(count)
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
