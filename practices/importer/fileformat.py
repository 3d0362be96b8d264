"""The file format's constants, and reading a file into checked JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ..models import (
    Audience,
    BaseTaxonomy,
    Lever,
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
    except RecursionError:
        raise ImportFileError(
            _("Malformed JSON in %(path)s: values nested too deeply") % {"path": path}
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
