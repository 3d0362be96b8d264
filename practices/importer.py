"""Import practices and taxonomy terms from JSON (format: docs/import-format.md).

Every record is validated into a clean structure before anything is written; each
record is then written in its own transaction, so a bad record never leaves half of
itself behind and never stops the good ones. Records are matched by `external_id`
(practices) or `slug` (terms): a second run of the same file changes nothing.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    DecimalValidator,
    URLValidator,
    validate_email,
    validate_slug,
)
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from territories.models import Territory, TerritoryPage
from territories.services import unique_child_slug

from .models import (
    Audience,
    BaseTaxonomy,
    Lever,
    PracticeIndicator,
    PracticePage,
    PracticePartner,
    Theme,
)

FORMAT = "rtes-practices/1"
TERM_LISTS: dict[str, tuple[str, type[BaseTaxonomy]]] = {
    "themes": ("theme", Theme),
    "levers": ("lever", Lever),
    "audiences": ("audience", Audience),
}
TOP_LEVEL_KEYS = {"format", "practices", *TERM_LISTS}
RICH_TEXT_FIELDS = ("context", "objectives", "results", "lessons", "transferability")
# The page fields a record sets wholesale: a key left out of a record clears it.
SCALAR_FIELDS = (
    "title",
    "summary",
    *RICH_TEXT_FIELDS,
    "start_date",
    "end_date",
    "status",
    "budget",
    "staff",
    "funding_sources",
    "contact_name",
    "contact_role",
    "contact_email",
    "last_reviewed",
)
PRACTICE_KEYS = {
    "external_id",
    "territory",
    "slug",
    "description",
    "steps",
    "partners",
    "partner_territories",
    "indicators",
    "contact",
    "published_at",
    "publish",
    *SCALAR_FIELDS,
    *TERM_LISTS,
} - {"contact_name", "contact_role", "contact_email"}
MAX_BUDGET = 2_147_483_647  # PositiveIntegerField on every database
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, wrong shape or format)."""


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class RecordResult:
    """What happened to one record of the file."""

    kind: str  # "practice", "theme", "lever" or "audience"
    label: str  # e.g. "practice #3 (demo-x)"
    outcome: Outcome
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """The outcome of every record; `ok` when none failed.

    `created`, `updated` and `unchanged` list practices; `failed` lists any record.
    """

    results: list[RecordResult] = field(default_factory=list)

    def _practices(self, outcome: Outcome) -> list[RecordResult]:
        return [
            r for r in self.results if r.kind == "practice" and r.outcome == outcome
        ]

    @property
    def created(self) -> list[RecordResult]:
        return self._practices(Outcome.CREATED)

    @property
    def updated(self) -> list[RecordResult]:
        return self._practices(Outcome.UPDATED)

    @property
    def unchanged(self) -> list[RecordResult]:
        return self._practices(Outcome.UNCHANGED)

    @property
    def failed(self) -> list[RecordResult]:
        """Failed records of every kind: practices and terms."""
        return [r for r in self.results if r.outcome == Outcome.FAILED]

    @property
    def errors(self) -> list[str]:
        return [error for r in self.results for error in r.errors]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line: counts of practices and of terms by outcome."""

        def counts(results: list[RecordResult]) -> dict[str, int]:
            return {o.value: sum(r.outcome == o for r in results) for o in Outcome}

        practices = [r for r in self.results if r.kind == "practice"]
        terms = [r for r in self.results if r.kind != "practice"]
        return _(
            "Practices: %(p_created)d created, %(p_updated)d updated, "
            "%(p_unchanged)d unchanged, %(p_failed)d failed. "
            "Terms: %(t_created)d created, %(t_updated)d updated, "
            "%(t_unchanged)d unchanged, %(t_failed)d failed."
        ) % {
            **{f"p_{k}": v for k, v in counts(practices).items()},
            **{f"t_{k}": v for k, v in counts(terms).items()},
        }


# --- Reading the file ----


def load_file(path: Path) -> dict:
    """Read and decode the file, checking its top-level shape and format version."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(_("No such file: %(path)s") % {"path": path}) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise ImportFileError(
            _("Malformed JSON in %(path)s: %(error)s") % {"path": path, "error": error}
        ) from None
    check_top_level(data)
    return data


def _reject_constant(name: str) -> None:
    raise ValueError(_("%(name)s is not a number in JSON") % {"name": name})


def check_top_level(data: Any) -> None:
    """Raise ImportFileError unless `data` has the documented top-level shape."""
    if not isinstance(data, dict):
        raise ImportFileError(_("The file must hold a JSON object at the top level."))
    if data.get("format") != FORMAT:
        raise ImportFileError(
            _("Unsupported format %(found)r: expected %(expected)r.")
            % {"found": data.get("format"), "expected": FORMAT}
        )
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise ImportFileError(
            _("Unknown top-level keys: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    for key in ["practices", *TERM_LISTS]:
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(_("%(key)s must be a list.") % {"key": key})


# --- Validation: JSON values into clean structures ----


class RecordInvalid(Exception):
    """A record failed validation or writing; `errors` are (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


class Fields:
    """Reads the values of one JSON object, collecting (field, message) errors."""

    def __init__(self, data: dict, errors: list[tuple[str, str]], prefix: str = ""):
        self.data, self.errors, self.prefix = data, errors, prefix

    def error(self, key: str, message: str) -> None:
        self.errors.append((self.prefix + key, message))

    def nested(self, value: Any, key: str) -> Fields | None:
        """Fields of a nested object, or None (with an error) if it is not one."""
        if not isinstance(value, dict):
            self.error(key, _("must be an object"))
            return None
        return Fields(value, self.errors, f"{self.prefix}{key}.")

    def only(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed):
            self.error(key, _("unknown key"))

    def string(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, _("required"))
            return ""
        if not isinstance(value, str):
            self.error(key, _("must be a string"))
            return ""
        if required and not value.strip():
            self.error(key, _("must not be empty"))
        if max_length and len(value) > max_length:
            self.error(
                key,
                _("at most %(max)d characters (got %(length)d)")
                % {"max": max_length, "length": len(value)},
            )
        return value

    def html(
        self, key: str, features: list[str] | None = None, required: bool = False
    ) -> str:
        value = self.string(key, required=required)
        return clean_html(value, features) if value else ""

    def validated(self, key: str, validator, **kwargs) -> str:
        value = self.string(key, **kwargs)
        if value:
            try:
                validator(value)
            except ValidationError as error:
                self.error(key, " ".join(error.messages))
        return value

    def choice(self, key: str, choices: list[str], default: str) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if value not in choices:
            self.error(
                key,
                _("must be one of %(choices)s (got %(value)r)")
                % {"choices": ", ".join(choices), "value": value},
            )
            return default
        return value

    def date(self, key: str) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, str) and DATE_RE.match(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.error(
            key, _("not a date in YYYY-MM-DD form: %(value)r") % {"value": value}
        )
        return None

    def datetime(self, key: str) -> datetime.datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.error(
                key,
                _("not an ISO 8601 date and time: %(value)r") % {"value": value},
            )
            return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def integer(self, key: str, minimum: int, maximum: int) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(key, _("must be a whole number"))
            return None
        if not minimum <= value <= maximum:
            self.error(
                key,
                _("must be between %(min)d and %(max)d")
                % {"min": minimum, "max": maximum},
            )
            return None
        return value

    def decimal(self, key: str, validator: DecimalValidator) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            self.error(key, _("required"))
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.error(key, _("must be a number"))
            return None
        try:
            number = Decimal(str(value))
            validator(number)
        except (InvalidOperation, ValidationError) as error:
            self.error(key, " ".join(getattr(error, "messages", [str(error)])))
            return None
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error(key, _("must be true or false"))
            return default
        return value

    def items(self, key: str) -> list[tuple[str, Any]]:
        """The items of a list as (field name, item); a missing list is empty."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, _("must be a list"))
            return []
        return [(f"{key}[{n}]", item) for n, item in enumerate(value, start=1)]


@cache
def _html_converter(features: tuple[str, ...] | None) -> EditorHTMLConverter:
    return EditorHTMLConverter(features=list(features) if features else None)


def clean_html(html: str, features: list[str] | None = None) -> str:
    """Keep only the elements an editor could have entered (no script, no onclick)."""
    converter = _html_converter(tuple(features) if features else None)
    return converter.to_database_format(html)


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


# --- Writing ----


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


# --- The whole file ----


def import_file(path: Path) -> ImportReport:
    """Import a file; raises ImportFileError if it cannot be read as a whole."""
    return import_data(load_file(path))


def import_data(data: dict) -> ImportReport:
    """Validate every record, then write the valid ones, each in its own transaction."""
    check_top_level(data)
    known_terms = {
        key: set(model.objects.values_list("slug", flat=True))
        for key, (_kind, model) in TERM_LISTS.items()
    }
    planned: list[tuple[str, str, Any]] = []  # kind, label, record or RecordInvalid
    for key, (kind, model) in TERM_LISTS.items():
        seen_slugs: set[str] = set()
        seen_names: set[str] = set()
        for n, item in enumerate(data.get(key, []), start=1):
            try:
                term = parse_term(model, item, seen_slugs, seen_names)
            except RecordInvalid as invalid:
                planned.append((kind, _label(kind, n, item, "slug"), invalid))
            else:
                known_terms[key].add(term.slug)
                planned.append((kind, _label(kind, n, item, "slug"), term))
    seen_ids: set[str] = set()
    for n, item in enumerate(data.get("practices", []), start=1):
        label = _label("practice", n, item, "external_id")
        try:
            planned.append(
                ("practice", label, parse_practice(item, known_terms, seen_ids))
            )
        except RecordInvalid as invalid:
            planned.append(("practice", label, invalid))

    report = ImportReport()
    for kind, label, record in planned:
        report.results.append(_write(kind, label, record))
    return report


def _label(kind: str, n: int, item: Any, key: str) -> str:
    # Not translated: like the field names, it points into the (English) file format.
    ident = item.get(key) if isinstance(item, dict) else None
    return (
        f"{kind} #{n} ({ident})" if isinstance(ident, str) and ident else f"{kind} #{n}"
    )


def _write(kind: str, label: str, record: Any) -> RecordResult:
    errors: list[tuple[str, str]] = []
    if isinstance(record, RecordInvalid):
        errors = record.errors
    else:
        try:
            with transaction.atomic():
                if isinstance(record, TermRecord):
                    outcome, changes = write_term(record), []
                else:
                    outcome, changes = write_practice(record)
            return RecordResult(kind, label, outcome, changes=changes)
        except RecordInvalid as invalid:
            errors = invalid.errors
        except ValidationError as error:
            errors = [
                ("" if name == "__all__" else name, " ".join(messages))
                for name, messages in getattr(
                    error, "message_dict", {"__all__": error.messages}
                ).items()
            ]
        except DatabaseError as error:
            errors = [("", str(error))]
    messages = [
        f"{label}: {name}: {message}" if name else f"{label}: {message}"
        for name, message in errors
    ]
    return RecordResult(kind, label, Outcome.FAILED, errors=messages)
