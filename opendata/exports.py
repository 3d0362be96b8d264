"""Exports of any search's results, in CSV and JSON, streamed and bounded.

The finder gives the practices, in the search page's order, a page of
`EXPORT_CHUNK` at a time; the columns the index does not hold (région, levers,
audiences, dates) are read for each page in a constant number of queries. No
contact is ever exported: contacts are for signed-in members only.

Each file says its licence (Licence Ouverte / Etalab 2.0), when it was
extracted, from which search, and the most rows it holds
(`OPENDATA_EXPORT_MAX_ROWS`, 5,000 unless set).
"""

from __future__ import annotations

import csv
import json
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from practices.lineage import adapting_territory_counts, source_titles
from practices.models import PracticeDocument, PracticePage
from search.analysis import fold
from search.engines.base import Hit, SearchError, SearchQuery, SearchResults
from search.params import query_string
from territories.models import Territory

from .result_sets import (
    all_hits,
    answers_search_errors,
    asked_query,
    bounded,
)

EXPORT_CHUNK = 500
DEFAULT_MAX_ROWS = 5_000
LICENCE = {
    "name": "Licence Ouverte / Etalab 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
# A cell starting with one of these is a formula to a spreadsheet: it is shown
# as text instead, behind an apostrophe (OWASP's advice on CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def max_rows() -> int:
    return getattr(settings, "OPENDATA_EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


@dataclass
class ExportRow:
    """A practice as an export gives it: the index's hit and what the database adds."""

    hit: Hit
    kind_label: str
    region: str
    themes: list[str]
    levers: list[str]
    audiences: list[str]
    inspired_by: list[str]  # the titles of its public sources
    adapted_by: int  # how many territories adapted it
    status: str
    status_label: str
    start_date: object
    end_date: object
    updated_at: object
    documents: list[dict]


def export_rows(hits: list[Hit]) -> list[ExportRow]:
    """The rows of one page of hits, in eight queries; a practice that left the
    site since it was indexed is left out."""
    ids = [hit.page_id for hit in hits]
    pages = {
        row["pk"]: row
        for row in PracticePage.objects.live()
        .public()
        .filter(pk__in=ids)
        .values(
            "pk",
            "status",
            "start_date",
            "end_date",
            "territory__kind",
            "territory__name",
            "territory__region__name",
        )
    }
    sources = source_titles(ids)
    adapters = adapting_territory_counts(ids)
    terms = {name: defaultdict(list) for name in ("themes", "levers", "audiences")}
    for name in terms:
        through = PracticePage._meta.get_field(name).remote_field.through
        # The through model's column is the singular: theme, lever, audience.
        rows = through.objects.filter(practicepage_id__in=ids).values_list(
            "practicepage_id", f"{name[:-1]}__name"
        )
        for page_id, term in rows:
            terms[name][page_id].append(term)
    documents = attached_documents(ids)
    kinds = dict(Territory.facet_kind_choices())
    statuses = dict(PracticePage.Status.choices)
    found = []
    for hit in hits:
        page = pages.get(hit.page_id)
        if page is None:
            continue
        region = (
            page["territory__name"]
            if page["territory__kind"] == Territory.Kind.REGION
            else page["territory__region__name"]
        )
        found.append(
            ExportRow(
                hit=hit,
                kind_label=str(kinds.get(hit.territory_kind, "")),
                region=region or "",
                themes=sorted(terms["themes"][hit.page_id], key=fold),
                levers=sorted(terms["levers"][hit.page_id], key=fold),
                audiences=sorted(terms["audiences"][hit.page_id], key=fold),
                inspired_by=sources[hit.page_id],
                adapted_by=adapters.get(hit.page_id, 0),
                status=page["status"],
                status_label=str(statuses.get(page["status"], "")),
                start_date=page["start_date"],
                end_date=page["end_date"],
                updated_at=hit.updated_at,
                documents=documents[hit.page_id],
            )
        )
    return found


def attached_documents(page_ids: list[int]) -> dict[int, list[dict]]:
    """page id → its documents, as the JSON export gives them (one query)."""
    kinds = dict(PracticeDocument.Kind.choices)
    licences = dict(PracticeDocument.Licence.choices)
    found: dict[int, list[dict]] = defaultdict(list)
    rows = (
        PracticeDocument.objects.filter(page_id__in=page_ids)
        .order_by("sort_order", "pk")
        .values_list(
            "page_id",
            "kind",
            "date",
            "licence",
            "document_id",
            "document__title",
            "document__file",
        )
    )
    for page_id, kind, date, licence, document_id, title, file in rows:
        found[page_id].append(
            {
                "title": title,
                "kind": kind,
                "kind_label": str(kinds.get(kind, "")),
                "date": date,
                "licence": licence,
                "licence_label": str(licences.get(licence, "")),
                # Document.url, without a model instance per document.
                "url": reverse(
                    "wagtaildocs_serve", args=[document_id, posixpath.basename(file)]
                ),
            }
        )
    return found


def document_kinds(row: ExportRow) -> str:
    """The kinds of a practice's documents, each once, in the kinds' order."""
    kinds = {document["kind"] for document in row.documents}
    return ", ".join(
        str(label) for kind, label in PracticeDocument.Kind.choices if kind in kinds
    )


@dataclass
class Extraction:
    """One export being written: its search, its first page, its context."""

    request: HttpRequest
    query: SearchQuery
    pages: Iterator[SearchResults]
    first: SearchResults
    limit: int
    extracted_at: object
    language: str

    @property
    def source(self) -> str:
        params = query_string(self.query)
        return self.request.build_absolute_uri(
            reverse("search") + ("?" + params if params else "")
        )

    @property
    def truncated(self) -> bool:
        return self.first.total > self.limit

    def rows(self) -> Iterator[ExportRow]:
        """Every row, page after page (the first page already asked for)."""
        given = 0
        for results in chain([self.first], self.pages):
            hits = bounded(results.hits, given, self.limit)
            if not hits:
                return
            given += len(hits)
            yield from export_rows(hits)


def start(request: HttpRequest) -> Extraction:
    """Read the request and ask the finder its first page (errors: 400 or 503
    before the answer starts)."""
    query = asked_query(request.GET, per_page=EXPORT_CHUNK)
    limit = max_rows()
    pages = all_hits(query, limit)
    first = next(pages)
    return Extraction(
        request=request,
        query=query,
        pages=pages,
        first=first,
        limit=limit,
        extracted_at=timezone.now().replace(microsecond=0),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def filename(extraction: Extraction, extension: str) -> str:
    return f"pratiques-{extraction.extracted_at:%Y%m%d-%H%M}.{extension}"


def streamed(body: Iterable[str], content_type: str, name: str):
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- CSV ----


class _Line:
    """What csv.writer writes to: the line it made, returned (Django's streaming
    CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_header() -> list[str]:
    return [
        pgettext("CSV column", "Title"),
        pgettext("CSV column", "Territory"),
        pgettext("CSV column", "Kind of territory"),
        pgettext("CSV column", "Region"),
        pgettext("CSV column", "Themes"),
        pgettext("CSV column", "Levers"),
        pgettext("CSV column", "Audiences"),
        pgettext("CSV column", "Status"),
        pgettext("CSV column", "Start"),
        pgettext("CSV column", "End"),
        pgettext("CSV column", "Summary"),
        pgettext("CSV column", "Documents"),
        pgettext("CSV column", "Address of the practice"),
        pgettext("CSV column", "Published on"),
        pgettext("CSV column", "Updated on"),
        pgettext("CSV column", "Inspired by"),
        pgettext("CSV column", "Adapted by (number of territories)"),
    ]


def csv_row(row: ExportRow, absolute) -> list[str]:
    hit = row.hit
    return [
        cell(v)
        for v in (
            hit.title,
            hit.territory_name,
            row.kind_label,
            row.region,
            ", ".join(row.themes),
            ", ".join(row.levers),
            ", ".join(row.audiences),
            row.status_label,
            row.start_date.isoformat() if row.start_date else "",
            row.end_date.isoformat() if row.end_date else "",
            hit.summary,
            document_kinds(row),
            absolute(hit.url),
            hit.published_at.date().isoformat() if hit.published_at else "",
            row.updated_at.date().isoformat() if row.updated_at else "",
            " ; ".join(row.inspired_by),
            row.adapted_by,
        )
    ]


def csv_notes(extraction: Extraction, error: str = "") -> list[str]:
    """The lines after the table, each starting with "#" (readers may skip them
    as comments)."""
    notes = [
        _("Licence: %(name)s (%(url)s)") % LICENCE,
        _("Extracted on %(date)s from %(url)s")
        % {"date": extraction.extracted_at.isoformat(), "url": extraction.source},
        _("At most %(count)s rows per file.") % {"count": extraction.limit},
    ]
    if extraction.truncated:
        notes.append(
            _("Truncated: the first %(count)s of %(total)s practices.")
            % {"count": extraction.limit, "total": extraction.first.total}
        )
    if error:
        notes.append(_("Extraction interrupted: %(error)s") % {"error": error})
    return ["# " + note for note in notes]


def csv_lines(extraction: Extraction) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    absolute = extraction.request.build_absolute_uri
    with translation.override(extraction.language):
        # The byte order mark tells spreadsheets the file is UTF-8.
        yield "\ufeff" + writer.writerow(csv_header())
        error = ""
        try:
            for row in extraction.rows():
                yield writer.writerow(csv_row(row, absolute))
        except SearchError as failure:  # the answer has started: say it in the file
            error = str(failure)
        yield writer.writerow([])
        for note in csv_notes(extraction, error):
            yield writer.writerow([note])


@require_GET
@answers_search_errors
def export_csv(request: HttpRequest):
    """The results of a search as CSV (UTF-8 with BOM, `;`)."""
    extraction = start(request)
    return streamed(
        csv_lines(extraction), "text/csv; charset=utf-8", filename(extraction, "csv")
    )


# --- JSON ----


def json_result(row: ExportRow, absolute) -> dict:
    hit = row.hit
    return {
        "id": hit.page_id,
        "title": hit.title,
        "url": absolute(hit.url),
        "territory": hit.territory_name,
        "territory_kind": hit.territory_kind,
        "territory_kind_label": row.kind_label,
        "region": row.region,
        "themes": row.themes,
        "levers": row.levers,
        "audiences": row.audiences,
        "inspired_by": row.inspired_by,
        "adapted_by_territories": row.adapted_by,
        "status": row.status,
        "status_label": row.status_label,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "summary": hit.summary,
        "documents": [
            {**document, "url": absolute(document["url"])} for document in row.documents
        ],
        "published_at": hit.published_at,
        "updated_at": row.updated_at,
    }


def json_chunks(extraction: Extraction) -> Iterator[str]:
    """One JSON object, written as the rows come: licence, date and source first,
    then `results`; a failure after the start is said in `error`."""

    def dumps(value) -> str:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)

    absolute = extraction.request.build_absolute_uri
    with translation.override(extraction.language):
        head = {
            "licence": LICENCE,
            "extracted_at": extraction.extracted_at,
            "source": extraction.source,
            "total": extraction.first.total,
            "max_rows": extraction.limit,
            "truncated": extraction.truncated,
        }
        yield dumps(head)[:-1] + ', "results": ['
        error = ""
        try:
            for index, row in enumerate(extraction.rows()):
                yield ("," if index else "") + "\n" + dumps(json_result(row, absolute))
        except SearchError as failure:
            error = str(failure)
        yield "\n]" + (', "error": ' + dumps(error) if error else "") + "}\n"


@require_GET
@answers_search_errors
def export_json(request: HttpRequest):
    """The results of a search as one JSON object."""
    extraction = start(request)
    return streamed(
        json_chunks(extraction),
        "application/json; charset=utf-8",
        filename(extraction, "json"),
    )
