"""The text of attached PDFs: extracted once per file, bounded, and never a
reason for indexing to fail."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import attachments
from search.documents import practice_documents
from search.engines import get_engine
from search.engines.base import SearchQuery
from search.models import ExtractedText, PracticeIndexState
from tests.factories import practice

from .catalogue import attach, reindex
from .pdfs import encrypted, pdf_bytes


@pytest.fixture
def page(territory_a):
    return practice(territory_a, title="Cantines solidaires")


def found(text: str) -> set[str]:
    results = get_engine().searcher.search(SearchQuery(text=text))
    return {hit.title for hit in results.hits}


def indexed(page) -> str:
    """The documents text of the practice, as indexing builds it."""
    [document] = practice_documents([page.pk])
    return document.documents


@pytest.fixture
def reads(monkeypatch):
    """The PDFs pypdf is asked to read, counted."""
    calls = []
    read = attachments.read_pdf

    def counted(file):
        calls.append(file.name)
        return read(file)

    monkeypatch.setattr(attachments, "read_pdf", counted)
    return calls


def test_only_the_first_pages_are_read(page):
    pages = [f"Page {n} mot{n}x." for n in range(1, 26)]
    attach(page, "Rapport", "report", pdf_bytes(*pages), "rapport.pdf")
    text = indexed(page)
    assert "mot20x" in text
    assert "mot21x" not in text
    assert ExtractedText.objects.get().pages == attachments.MAX_PAGES


def test_a_document_gives_at_most_max_chars(page):
    long_text = "solidarité " * 2500 + "tourteau"  # some 27,500 characters
    attach(page, "Guide", "guide", pdf_bytes(long_text), "guide.pdf")
    reindex([page])
    stored = ExtractedText.objects.get().text
    assert attachments.MAX_CHARS - 20 <= len(stored) <= attachments.MAX_CHARS
    assert "tourteau" not in stored
    assert page.title in found("solidarité")
    assert found("tourteau") == set()


def test_a_practice_gives_at_most_max_practice_chars(page):
    words = "coopérative " * 1800  # 21,600 characters, cut at 20,000
    for n in range(3):
        attach(page, f"Pièce {n}", "other", pdf_bytes(words), f"piece{n}.pdf")
    attach(page, "Dernière pièce", "other", pdf_bytes("ornithorynque"), "last.pdf")
    text = indexed(page)
    assert len(text) <= attachments.MAX_PRACTICE_CHARS
    # The titles come first, whatever the length of the texts.
    assert text.startswith("Pièce 0 Pièce 1 Pièce 2 Dernière pièce")
    assert "ornithorynque" not in text


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\nthis is no PDF at all",
        pdf_bytes("Un texte tronque")[:150],
        b"\x00\x01\x02 random bytes",
        encrypted(pdf_bytes("Texte secret"), user_password="motdepasse"),
    ],
    ids=["garbage", "truncated", "binary", "encrypted"],
)
def test_an_unreadable_pdf_is_indexed_by_its_title(page, content, caplog):
    attach(page, "Convention illisible", "agreement", content, "illisible.pdf")
    with caplog.at_level(logging.WARNING, logger="search.attachments"):
        report = reindex([page])
    assert (report.indexed, report.errors) == (1, [])
    assert page.title in found("convention illisible")
    assert found("secret tronque") == set()
    row = ExtractedText.objects.get()
    assert (row.text, bool(row.failure)) == ("", True)
    assert "no text indexed" in caplog.text


def test_a_pdf_encrypted_without_a_user_password_is_read(page):
    content = encrypted(pdf_bytes("Clause de réemploi obligatoire"), user_password="")
    attach(page, "Marché", "tender", content, "marche.pdf")
    reindex([page])
    assert page.title in found("réemploi obligatoire")


def test_control_characters_are_dropped(page):
    attach(page, "Note", "other", pdf_bytes("Texte\x00avec\x07contrôles"), "note.pdf")
    reindex([page])  # PostgreSQL refuses NUL in text
    assert page.title in found("contrôles")
    assert "\x00" not in ExtractedText.objects.get().text


def test_reindexing_reads_the_stored_text_not_the_pdf(page, reads):
    attach(page, "Bilan", "report", pdf_bytes("Bilan des circuits courts"), "b.pdf")
    reindex([page])
    reindex([page])
    practice_documents([page.pk])
    assert len(reads) == 1
    assert page.title in found("circuits courts")


def test_a_replaced_file_is_read_again(page, reads, django_capture_on_commit_callbacks):
    item = attach(page, "Bilan", "report", pdf_bytes("Première version"), "b.pdf")
    reindex([page])
    document = item.document
    document.file = SimpleUploadedFile("b.pdf", pdf_bytes("Seconde mouture"))
    document._set_document_file_metadata()
    # Saving a document reindexes the practices that attach it.
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    assert len(reads) == 2
    assert page.title in found("seconde mouture")
    assert found("première version") == set()


def test_a_file_missing_from_the_storage_is_read_when_it_is_back(page, reads):
    item = attach(page, "Étude", "report", pdf_bytes("Étude de faisabilité"), "e.pdf")
    storage = item.document.file.storage
    content = storage.open(item.document.file.name).read()
    storage.delete(item.document.file.name)
    report = reindex([page])
    assert (report.indexed, report.errors) == (1, [])
    assert page.title in found("étude")  # by its title
    assert not ExtractedText.objects.exists()  # an outage is not remembered

    storage.save(item.document.file.name, SimpleUploadedFile("e.pdf", content))
    reindex([page])
    assert page.title in found("faisabilité")


def test_renaming_a_document_reindexes_its_practices(
    page, django_capture_on_commit_callbacks
):
    item = attach(page, "Convention", "agreement", pdf_bytes("Texte"), "c.pdf")
    reindex([page])
    with django_capture_on_commit_callbacks(execute=True):
        item.document.title = "Convention de partenariat maraîcher"
        item.document.save()
    assert page.title in found("partenariat maraîcher")


def test_documents_cost_a_constant_number_of_queries(territory_a):
    pages = [practice(territory_a) for _ in range(3)]
    for n, each in enumerate(pages):
        for k in range(n + 1):
            attach(each, f"Pièce {k}", "guide", pdf_bytes(f"texte {k}"), f"{k}.pdf")
    ids = [each.pk for each in pages]
    practice_documents(ids)  # every text extracted and stored
    with CaptureQueriesContext(connection) as few:
        practice_documents(ids[:1])
    with CaptureQueriesContext(connection) as many:
        practice_documents(ids)
    assert len(many) == len(few)


def test_wagtail_filling_in_a_file_hash_reindexes_nothing(page):
    """Wagtail saves a document's size and hash on first use (a download):
    its title and file are the same, its practices are not reindexed."""
    item = attach(page, "Plan", "other", pdf_bytes("Plan"), "plan.pdf")
    document = item.document
    type(document).objects.filter(pk=document.pk).update(file_hash="", file_size=None)
    document.refresh_from_db()
    reindex([page])
    version = PracticeIndexState.objects.get(page_id=page.pk).version
    document.get_file_hash()
    document.get_file_size()
    assert PracticeIndexState.objects.get(page_id=page.pk).version == version
    document.title = "Plan de financement"
    document.save()
    assert PracticeIndexState.objects.get(page_id=page.pk).version == version + 1
