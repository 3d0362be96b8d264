"""Writing validated records, each an idempotent create-or-update."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from territories.models import Territory
from territories.services import unique_child_slug

from ..models import (
    PracticeIndicator,
    PracticePage,
    PracticePartner,
)
from .fileformat import SCALAR_FIELDS, TERM_LISTS
from .records import PracticeRecord, RecordInvalid, TermRecord
from .report import Outcome


def write_term(record: TermRecord) -> Outcome:
    """Create or update a taxonomy term by slug."""
    term = record.model.objects.filter(slug=record.slug).first()
    if term is None:
        record.model.objects.create(
            slug=record.slug, name=record.name, description=record.description
        )
        return Outcome.CREATED
    if (term.name, term.description) == (record.name, record.description):
        return Outcome.UNCHANGED
    term.name, term.description = record.name, record.description
    term.save()
    return Outcome.UPDATED


def write_practice(record: PracticeRecord) -> tuple[Outcome, list[str]]:
    """Create or update the practice; returns the outcome and the changed fields.

    The import publishes directly (no review workflow): it is an admin action.
    """
    desired = _desired_state(record)
    page = PracticePage.objects.filter(external_id=record.external_id).first()
    if page is None:
        page = PracticePage(external_id=record.external_id, live=False)
        for name, value in desired.items():
            _set(page, name, value)
        if not record.slug:
            base = slugify(record.values["title"]) or slugify(record.external_id)
            page.slug = unique_child_slug(record.parent, base or "pratique")
        record.parent.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if record.publish:
            revision.publish(log_action=True)
        return Outcome.CREATED, []

    changes = []
    if page.get_parent().pk != record.parent.pk:
        page.move(record.parent, pos="last-child")
        page = PracticePage.objects.get(pk=page.pk)
        changes.append("territory")

    draft = page.get_latest_revision_as_object()
    current = _current_state(draft)
    changed = [name for name, value in desired.items() if current[name] != value]
    if changed:
        for name in changed:
            _set(draft, name, desired[name])
        revision = draft.save_revision(log_action=True)
        if record.publish:
            revision.publish(log_action=True)
        return Outcome.UPDATED, changes + changed
    if record.publish and (not page.live or page.has_unpublished_changes):
        revision = page.get_latest_revision() or page.save_revision(log_action=True)
        revision.publish(log_action=True)
        return Outcome.UPDATED, [*changes, "live"]
    return (Outcome.UPDATED if changes else Outcome.UNCHANGED), changes


def _desired_state(record: PracticeRecord) -> dict[str, Any]:
    """The page content the record asks for, in the form `_current_state` reads."""
    state = dict(record.values)
    if record.slug:
        state["slug"] = record.slug
    state["description"] = record.description
    state["steps"] = record.steps
    state["partners"] = record.partners
    state["indicators"] = record.indicators
    state["partner_territories"] = record.partner_territory_ids
    for key, (kind, model) in TERM_LISTS.items():
        ids = dict(
            model.objects.filter(slug__in=record.terms[key]).values_list("slug", "pk")
        )
        missing = [slug for slug in record.terms[key] if slug not in ids]
        if missing:  # a term of the file that failed to be written
            raise RecordInvalid(
                [
                    (
                        key,
                        _("unknown %(kind)s slug %(slug)r")
                        % {"kind": kind, "slug": missing[0]},
                    )
                ]
            )
        state[key] = sorted(ids.values())
    # The date of first publication belongs to a publication: a draft keeps none.
    if record.publish and record.published_at:
        state["first_published_at"] = record.published_at
    return state


def _current_state(page: PracticePage) -> dict[str, Any]:
    """The managed content of a page (or of a revision loaded as a page)."""
    state = {name: getattr(page, name) for name in SCALAR_FIELDS}
    state["slug"] = page.slug
    for name in ("description", "steps"):
        # Block ids are random per save: compare types and values only.
        state[name] = [
            {"type": block["type"], "value": block["value"]}
            for block in getattr(page, name).get_prep_value()
        ]
    state["partners"] = [(p.name, p.kind, p.website) for p in page.partners.all()]
    state["indicators"] = [
        (i.label, i.value, i.unit, i.year) for i in page.indicators.all()
    ]
    for name in ("partner_territories", *TERM_LISTS):
        state[name] = sorted(obj.pk for obj in getattr(page, name).all())
    state["first_published_at"] = page.first_published_at
    return state


def _set(page: PracticePage, name: str, value: Any) -> None:
    """Set one managed piece of content, in the form `_desired_state` gives it."""
    if name == "partners":
        # sort_order keeps the file's order (NULLs come back in any order).
        value = [
            PracticePartner(name=n, kind=k, website=w, sort_order=i)
            for i, (n, k, w) in enumerate(value)
        ]
    elif name == "indicators":
        value = [
            PracticeIndicator(label=label, value=v, unit=unit, year=year, sort_order=i)
            for i, (label, v, unit, year) in enumerate(value)
        ]
    elif name == "partner_territories":
        value = list(Territory.objects.filter(pk__in=value))
    elif name in TERM_LISTS:
        value = list(TERM_LISTS[name][1].objects.filter(pk__in=value))
    setattr(page, name, value)
