"""Import practices and taxonomy terms from JSON (format: docs/import-format.md).

Every record is validated into a clean structure before anything is written; each
record is then written in its own transaction, so a bad record never leaves half of
itself behind and never stops the good ones. Records are matched by `external_id`
(practices) or `slug` (terms): a second run of the same file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from .fileformat import FORMAT, TERM_LISTS, ImportFileError, check_top_level, load_file
from .records import RecordInvalid, TermRecord, parse_practice, parse_term
from .report import ImportReport, Outcome, RecordResult
from .writing import write_practice, write_term

__all__ = ["FORMAT", "ImportFileError", "ImportReport", "import_data", "import_file"]


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
