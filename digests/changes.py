"""What counts as news: practices published for the first time or substantially updated.

On every publication of a practice, its state (status, themes, levers, and the
indexed text: title, summary, body) is compared with its snapshot, the state it
had when it was last news. The rule:

- first publication → NEW;
- status changed, a theme or lever added or removed, a practice newly named as
  a source ("inspirée de"), or the text changed by more than 20 % (1 - difflib
  ratio over the words) → UPDATED, with a short note;
- anything smaller (a typo, a date) → nothing; small edits add up, since the
  snapshot only moves when something is recorded.

A practice published before the digests existed has no snapshot: its first
publication seen here only records one (no news).

A change also records the sources the publication newly names (all of them for a
new practice): the followers of those originals hear that they were adapted.
"""

from __future__ import annotations

import difflib
import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from practices.models import Lever, PracticePage, Theme
from search.documents import indexable_practices, practice_document

from .models import PracticeChange, PracticeSnapshot

logger = logging.getLogger(__name__)

# Share of the words that must change for an edit of the text to be news.
SUBSTANTIAL_TEXT_CHANGE = 0.2


def text_change(old: str, new: str) -> float:
    """How much of the text changed, from 0 (same words) to 1 (nothing in common)."""
    if old == new:
        return 0.0
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return 1.0 - matcher.ratio()


def current_state(page: PracticePage) -> dict:
    """The news-relevant state of a practice (expects indexable prefetching)."""
    document = practice_document(page)
    return {
        "status": page.status,
        "theme_ids": sorted(t.pk for t in page.themes.all()),
        "lever_ids": sorted(lever.pk for lever in page.levers.all()),
        "source_ids": sorted(link.source_id for link in page.inspirations.all()),
        "text": " ".join(
            filter(None, [document.title, document.summary, document.body])
        ),
    }


def _names(model, ids) -> str:
    return ", ".join(model.objects.filter(pk__in=ids).values_list("name", flat=True))


def update_note(snapshot: PracticeSnapshot, state: dict) -> str:
    """A few words saying what changed substantially; "" when nothing did."""
    notes = []
    if state["status"] != snapshot.status:
        label = PracticePage.Status(state["status"]).label
        notes.append(_("status: %(status)s") % {"status": label})
    for model, key, label in (
        (Theme, "theme_ids", _("new themes: %(names)s")),
        (Lever, "lever_ids", _("new levers: %(names)s")),
    ):
        added = set(state[key]) - set(getattr(snapshot, key))
        if added:
            notes.append(label % {"names": _names(model, added)})
        elif set(state[key]) != set(getattr(snapshot, key)):
            notes.append(_("classification revised"))
    sources = set(state["source_ids"]) - set(snapshot.source_ids)
    if sources:
        titles = PracticePage.objects.filter(pk__in=sources).values_list(
            "title", flat=True
        )
        quoted = ", ".join(_("“%(text)s”") % {"text": t} for t in sorted(titles))
        notes.append(_("now inspired by: %(titles)s") % {"titles": quoted})
    if text_change(snapshot.text, state["text"]) > SUBSTANTIAL_TEXT_CHANGE:
        notes.append(_("description substantially revised"))
    note = "; ".join(dict.fromkeys(notes))  # "classification revised" once
    return note[:1].upper() + note[1:255] if note else ""


def published_before(page_id: int, revision_id: int | None) -> bool:
    """Whether an earlier revision of the page was published (Wagtail's log)."""
    return (
        PageLogEntry.objects.filter(page_id=page_id, action="wagtail.publish")
        .exclude(revision_id=revision_id)
        .exists()
    )


def record_publication(page_id: int, revision_id: int | None = None):
    """Record the news a publication makes, if any; return the PracticeChange."""
    page = indexable_practices().filter(pk=page_id).first()
    if page is None:  # private or not live: never in a digest
        return None
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        state = current_state(page)
        snapshot = PracticeSnapshot.objects.filter(page_id=page_id).first()
        if snapshot is None:
            kind = (
                None
                if published_before(page_id, revision_id)
                else PracticeChange.Kind.NEW
            )
            note = ""
            sources = state["source_ids"]
        else:
            note = update_note(snapshot, state)
            kind = PracticeChange.Kind.UPDATED if note else None
            sources = sorted(set(state["source_ids"]) - set(snapshot.source_ids))
    change = None
    if kind is not None:
        change = PracticeChange.objects.create(
            page_id=page_id,
            kind=kind,
            happened_at=now,
            note=note,
            source_ids=sources,
        )
    if kind is not None or snapshot is None:
        PracticeSnapshot.objects.update_or_create(
            page_id=page_id, defaults={**state, "recorded_at": now}
        )
    return change


def last_news(page_ids) -> dict[int, datetime]:
    """page id → when the practice was last substantially updated, for those that
    ever were (in one query); their other news is their first publication. The
    search index sorts by the later of the two (`search.documents`), the feeds
    and exports show it."""
    rows = (
        PracticeChange.objects.filter(
            page_id__in=list(page_ids), kind=PracticeChange.Kind.UPDATED
        )
        .values("page_id")
        .annotate(latest=Max("happened_at"))
        .values_list("page_id", "latest")
    )
    return dict(rows)


def on_page_published(sender, instance, revision=None, **kwargs):
    """page_published receiver: never lets a digest problem block a publication."""
    try:
        with transaction.atomic():
            record_publication(instance.pk, getattr(revision, "pk", None))
    except Exception:
        logger.exception("Could not record the change of practice %s", instance.pk)
