"""The searchable text of the documents attached to practices.

A practice's documents are searched by their titles and, for PDFs, by their
text, read with pypdf when the practice is indexed. Reading is bounded (the
first `MAX_PAGES` pages, `MAX_CHARS` characters per document, `MAX_PRACTICE_CHARS`
for all the documents of a practice) and never fails the indexing: a broken,
encrypted or oversized file is logged and indexed by its title alone.

The text is extracted once per file and kept in `ExtractedText`: a reindexing
(a rebuild, a theme renamed) reads the rows, not the PDFs. A file replaced has a
new name, size or hash and is read again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from pypdf import PdfReader
from wagtail.documents import get_document_model

from .models import ExtractedText

logger = logging.getLogger(__name__)

MAX_PAGES = 20
MAX_CHARS = 20_000  # per document
MAX_PRACTICE_CHARS = 50_000  # all the documents of one practice, titles included
# The upload limit (WAGTAILDOCS_MAX_UPLOAD_SIZE): a larger file, put there some
# other way, is searched by its title.
MAX_FILE_BYTES = 20 * 1024 * 1024
# NUL (which PostgreSQL's text refuses) and the other control characters that
# PDF text extraction leaves behind.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AttachedFile:
    """A document attached to a practice, as the index needs it (no model)."""

    id: int
    title: str
    file_name: str
    file_size: int | None
    file_hash: str

    @property
    def is_pdf(self) -> bool:
        return self.file_name.lower().endswith(".pdf")


@dataclass(frozen=True)
class Extraction:
    text: str = ""
    pages: int = 0
    failure: str = ""


def clean(text: str) -> str:
    """Extracted text as one line of words, without control characters or
    unpaired surrogates."""
    text = CONTROL.sub(" ", text).encode("utf-8", "ignore").decode("utf-8")
    return " ".join(text.split())


def bounded(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space when there is one near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > limit // 2 else limit]


def read_pdf(file) -> Extraction:
    """The text of the first pages of a PDF (a binary file object).

    Raises nothing: a file pypdf cannot read gives an Extraction with its
    `failure`; a page it cannot read is skipped.
    """
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return Extraction(failure="encrypted")
        parts: list[str] = []
        length = pages = 0
        for page in islice(reader.pages, MAX_PAGES):
            pages += 1
            try:
                text = clean(page.extract_text() or "")
            except Exception as error:  # noqa: BLE001 - one bad page, not the file
                logger.info("Unreadable page %d of a PDF: %r", pages, error)
                continue
            if text:
                parts.append(text)
                length += len(text) + 1
            if length >= MAX_CHARS:
                break
        return Extraction(text=bounded(" ".join(parts), MAX_CHARS), pages=pages)
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on bad files
        return Extraction(failure=f"unreadable: {error!r}"[:200])


def extract(attached: AttachedFile) -> Extraction | None:
    """The text of one attached PDF; None when the file cannot be opened now
    (a storage outage is no reason to remember an empty text)."""
    if attached.file_size is not None and attached.file_size > MAX_FILE_BYTES:
        return Extraction(failure="too large")
    storage = get_document_model()._meta.get_field("file").storage
    try:
        with storage.open(attached.file_name, "rb") as file:
            if attached.file_size is None and storage.size(attached.file_name) > (
                MAX_FILE_BYTES
            ):
                return Extraction(failure="too large")
            extraction = read_pdf(file)
    except OSError as error:
        logger.warning("Document %s: cannot open its file: %s", attached.id, error)
        return None
    if extraction.failure:
        logger.warning(
            "Document %s (%s): no text indexed, %s",
            attached.id,
            attached.file_name,
            extraction.failure,
        )
    return extraction


def pdf_texts(files: Iterable[AttachedFile]) -> dict[int, str]:
    """The text of each of these PDFs, by document id: from `ExtractedText` when
    the file is the same, else read now and kept (two queries, whatever the
    number of files, plus the reading of the new ones)."""
    pdfs = {attached.id: attached for attached in files if attached.is_pdf}
    if not pdfs:
        return {}
    known = {
        row.document_id: row for row in ExtractedText.objects.filter(pk__in=list(pdfs))
    }
    texts: dict[int, str] = {}
    fresh: list[ExtractedText] = []
    for pk, attached in pdfs.items():
        row = known.get(pk)
        if row is not None and (row.file_name, row.file_size, row.file_hash) == (
            attached.file_name,
            attached.file_size,
            attached.file_hash,
        ):
            texts[pk] = row.text
            continue
        extraction = extract(attached)
        if extraction is None:
            continue
        texts[pk] = extraction.text
        fresh.append(
            ExtractedText(
                document_id=pk,
                file_name=attached.file_name,
                file_size=attached.file_size,
                file_hash=attached.file_hash,
                text=extraction.text,
                pages=extraction.pages,
                failure=extraction.failure,
            )
        )
    if fresh:
        # Another process may extract the same file at the same moment.
        ExtractedText.objects.bulk_create(
            fresh,
            update_conflicts=True,
            unique_fields=["document"],
            update_fields=[
                "file_name",
                "file_size",
                "file_hash",
                "text",
                "pages",
                "failure",
                "extracted_at",
            ],
        )
    return texts


def documents_text(files: list[AttachedFile], texts: dict[int, str]) -> str:
    """What a practice is found by in its documents: their titles, then the
    text of each PDF, at most `MAX_PRACTICE_CHARS` in all."""
    parts = [attached.title for attached in files]
    parts += [texts[attached.id] for attached in files if texts.get(attached.id)]
    return bounded(" ".join(part for part in parts if part), MAX_PRACTICE_CHARS)
