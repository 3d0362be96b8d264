"""Validation: a JSON record into a clean, ready-to-write record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.validators import (
    DecimalValidator,
    URLValidator,
    validate_email,
    validate_slug,
)
from django.db.models import Q
from django.utils.translation import gettext as _

from territories.models import Territory, TerritoryPage

from ..models import (
    BaseTaxonomy,
    PracticeIndicator,
    PracticePage,
    PracticePartner,
)
from .fields import Fields, RecordInvalid
from .fileformat import MAX_BUDGET, PRACTICE_KEYS, RICH_TEXT_FIELDS, TERM_LISTS


@dataclass(frozen=True)
class TermRecord:
    model: type[BaseTaxonomy]
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class PracticeRecord:
    """A validated practice, ready to write."""

    external_id: str
    parent: TerritoryPage
    slug: str  # empty: keep the current slug, or derive one from the title
    values: dict[str, Any]  # SCALAR_FIELDS
    description: list[dict]
    steps: list[dict]
    partners: list[tuple[str, str, str]]  # name, kind, website
    indicators: list[tuple[str, Decimal, str, int | None]]  # label, value, unit, year
    partner_territory_ids: list[int]
    terms: dict[str, list[str]]  # "themes" → slugs
    published_at: datetime.datetime | None
    publish: bool


def parse_term(
    model: type[BaseTaxonomy], data: Any, seen_slugs: set[str], seen_names: set[str]
) -> TermRecord:
    """Validate one taxonomy term against the terms seen before it in the file."""
    errors: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        raise RecordInvalid([("", _("must be an object"))])
    fields = Fields(data, errors)
    fields.only({"slug", "name", "description"})
    slug = fields.validated("slug", validate_slug, required=True, max_length=120)
    name = fields.string("name", required=True, max_length=120)
    description = fields.string("description")
    if slug and slug in seen_slugs:
        fields.error("slug", _("duplicate slug in this file"))
    if name and (
        name in seen_names
        or model.objects.filter(name=name).exclude(slug=slug).exists()
    ):
        fields.error(
            "name", _("already the name of another term: %(name)r") % {"name": name}
        )
    seen_slugs.add(slug)
    seen_names.add(name)
    if errors:
        raise RecordInvalid(errors)
    return TermRecord(model, slug, name, description)


def find_territory(fields: Fields, key: str, ref: Any) -> Territory | None:
    """The reference territory a `{"kind", "insee"}` or `{"siren"}` object names."""
    found = _territory_matches(fields, key, ref)
    if found is None:
        return None
    matches, described = found
    if not matches:
        fields.error(key, _("no territory with %(ref)s") % {"ref": described})
        return None
    return matches[0]


def find_member_page(fields: Fields, key: str, ref: Any) -> TerritoryPage | None:
    """The TerritoryPage of the member territory a reference names."""
    found = _territory_matches(fields, key, ref)
    if found is None:
        return None
    matches, described = found
    page = TerritoryPage.objects.filter(territory__in=matches).first()
    if page is None:
        reason = (
            _("%(name)s is not a member") % {"name": matches[0].name}
            if matches
            else _("no such territory")
        )
        fields.error(
            key,
            _("no member territory with %(ref)s (%(reason)s)")
            % {"ref": described, "reason": reason},
        )
    return page


def _territory_matches(
    fields: Fields, key: str, ref: Any
) -> tuple[list[Territory], str] | None:
    """At most one matching territory and the reference as text; None if invalid."""
    errors_before = len(fields.errors)
    ref_fields = fields.nested(ref, key)
    if ref_fields is None:
        return None
    ref_fields.only({"kind", "insee", "siren"})
    kind = ref_fields.choice("kind", Territory.Kind.values, "")
    insee = ref_fields.string("insee", max_length=9)
    siren = ref_fields.string("siren", max_length=9)
    if insee and not kind:
        ref_fields.error("kind", _("required with insee"))
    if ref_fields.data.get("insee") is None and ref_fields.data.get("siren") is None:
        fields.error(key, _("give kind and insee, or siren"))
    if len(fields.errors) > errors_before:
        return None
    query = Q(kind=kind) if kind else Q()
    if insee:
        query &= Q(code=insee)
    if siren:
        # Etalab's EPCI carry their SIREN as official code; other kinds in `siren`.
        query &= Q(siren=siren) | Q(kind=Territory.Kind.EPCI, code=siren)
    described = " ".join(
        f"{k}={v}" for k, v in (("kind", kind), ("insee", insee), ("siren", siren)) if v
    )
    matches = list(Territory.objects.filter(query)[:2])
    if len(matches) > 1:
        fields.error(
            key, _("several territories with %(ref)s: give kind") % {"ref": described}
        )
        return None
    return matches, described


def parse_practice(
    data: Any, known_terms: dict[str, set[str]], seen_ids: set[str]
) -> PracticeRecord:
    """Validate one practice against the database and the terms of the file."""
    if not isinstance(data, dict):
        raise RecordInvalid([("", _("must be an object"))])
    errors: list[tuple[str, str]] = []
    f = Fields(data, errors)
    f.only(PRACTICE_KEYS)
    external_id = f.string("external_id", required=True, max_length=100)
    if external_id and external_id in seen_ids:
        f.error("external_id", _("duplicate in this file"))
    seen_ids.add(external_id)

    parent = None
    if data.get("territory") is None:
        f.error("territory", _("required"))
    else:
        parent = find_member_page(f, "territory", data["territory"])

    values: dict[str, Any] = {
        "title": f.string("title", required=True, max_length=255),
        "summary": f.string("summary", required=True, max_length=600),
        **{name: f.html(name) for name in RICH_TEXT_FIELDS},
        "start_date": f.date("start_date"),
        "end_date": f.date("end_date"),
        "status": f.choice(
            "status", PracticePage.Status.values, PracticePage.Status.ONGOING
        ),
        "budget": f.integer("budget", 0, MAX_BUDGET),
        "staff": f.string("staff", max_length=255),
        "funding_sources": f.string("funding_sources"),
        "last_reviewed": f.date("last_reviewed"),
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
    }
    if (
        values["start_date"]
        and values["end_date"]
        and (values["end_date"] < values["start_date"])
    ):
        f.error("end_date", _("before start_date"))
    if data.get("contact") is not None and (c := f.nested(data["contact"], "contact")):
        c.only({"name", "role", "email"})
        values["contact_name"] = c.string("name", max_length=255)
        values["contact_role"] = c.string("role", max_length=255)
        values["contact_email"] = c.validated("email", validate_email, max_length=254)

    slug = f.validated("slug", validate_slug, max_length=255)
    existing = (
        PracticePage.objects.filter(external_id=external_id).first()
        if external_id
        else None
    )
    slug_to_check = slug or (existing.slug if existing else "")
    if parent and slug_to_check:
        clash = parent.get_children().filter(slug=slug_to_check)
        if existing:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            f.error(
                "slug",
                _("%(slug)r is already used by another page under %(parent)s")
                % {"slug": slug_to_check, "parent": parent.title},
            )

    record = PracticeRecord(
        external_id=external_id,
        parent=parent,
        slug=slug,
        values=values,
        description=_description(f),
        steps=_steps(f),
        partners=_partners(f),
        indicators=_indicators(f),
        partner_territory_ids=_partner_territories(f),
        terms=_terms(f, known_terms),
        published_at=f.datetime("published_at"),
        publish=f.boolean("publish", True),
    )
    if errors:
        raise RecordInvalid(errors)
    return record


@cache
def _paragraph_features() -> tuple[str, ...]:
    paragraph = PracticePage._meta.get_field("description").stream_block
    return tuple(paragraph.child_blocks["paragraph"].features)


def _description(f: Fields) -> list[dict]:
    blocks = []
    for name, item in f.items("description"):
        if (block := f.nested(item, name)) is None:
            continue
        block.only({"type", "value"})
        kind = block.data.get("type")
        if kind == "heading":
            value: Any = block.string("value", required=True, max_length=255)
        elif kind == "paragraph":
            value = block.html("value", list(_paragraph_features()), required=True)
        elif kind == "quote":
            if (quote := block.nested(block.data.get("value"), "value")) is None:
                continue
            quote.only({"quote", "author"})
            value = {
                "quote": quote.string("quote", required=True),
                "author": quote.string("author", max_length=255),
            }
        else:
            block.error(
                "type",
                _("must be one of heading, paragraph, quote (got %(value)r)")
                % {"value": kind},
            )
            continue
        blocks.append({"type": kind, "value": value})
    return blocks


def _steps(f: Fields) -> list[dict]:
    steps = []
    for name, item in f.items("steps"):
        if (step := f.nested(item, name)) is None:
            continue
        step.only({"title", "period", "description"})
        value = {
            "title": step.string("title", required=True, max_length=255),
            "period": step.string("period", max_length=255),
            "description": step.string("description"),
        }
        steps.append({"type": "step", "value": value})
    return steps


def _partners(f: Fields) -> list[tuple[str, str, str]]:
    partners = []
    for name, item in f.items("partners"):
        if (partner := f.nested(item, name)) is None:
            continue
        partner.only({"name", "kind", "website"})
        partners.append(
            (
                partner.string("name", required=True, max_length=255),
                partner.choice(
                    "kind", PracticePartner.Kind.values, PracticePartner.Kind.ESS
                ),
                partner.validated("website", URLValidator(), max_length=200),
            )
        )
    return partners


def _indicators(f: Fields) -> list[tuple[str, Decimal, str, int | None]]:
    field = PracticeIndicator._meta.get_field("value")
    validator = DecimalValidator(field.max_digits, field.decimal_places)
    indicators = []
    for name, item in f.items("indicators"):
        if (indicator := f.nested(item, name)) is None:
            continue
        indicator.only({"label", "value", "unit", "year"})
        indicators.append(
            (
                indicator.string("label", required=True, max_length=255),
                indicator.decimal("value", validator),
                indicator.string("unit", max_length=50),
                indicator.integer("year", 1000, 9999),
            )
        )
    return indicators


def _partner_territories(f: Fields) -> list[int]:
    ids = {
        territory.pk
        for name, item in f.items("partner_territories")
        if (territory := find_territory(f, name, item))
    }
    return sorted(ids)


def _terms(f: Fields, known_terms: dict[str, set[str]]) -> dict[str, list[str]]:
    terms = {}
    for key, (kind, _model) in TERM_LISTS.items():
        slugs = []
        for name, slug in f.items(key):
            if not isinstance(slug, str):
                f.error(name, _("must be a slug (a string)"))
            elif slug not in known_terms[key]:
                f.error(
                    key,
                    _("unknown %(kind)s slug %(slug)r") % {"kind": kind, "slug": slug},
                )
            elif slug not in slugs:
                slugs.append(slug)
        terms[key] = slugs
    return terms
