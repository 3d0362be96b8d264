"""The public practice page lists each document with its kind, date, licence,
file type and size, in French, in a constant number of queries."""

import datetime
import re
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import PracticeDocument
from tests.factories import practice

from .pdfs import document, pdf_bytes


class DocumentItems(HTMLParser):
    """The text of each <li> of the documents list, and its links."""

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self._in_list = False
        self._item = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and "documents" in (attrs.get("class") or "").split():
            self._in_list = True
        elif tag == "li" and self._in_list:
            self._item = {"text": "", "links": [], "times": []}
        elif self._item is not None and tag == "a":
            self._item["links"].append((attrs.get("href"), attrs.get("rel")))
        elif self._item is not None and tag == "time":
            self._item["times"].append(attrs.get("datetime"))

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self._item["text"] = " ".join(self._item["text"].split())
            self.items.append(self._item)
            self._item = None
        elif tag == "ul":
            self._in_list = False

    def handle_data(self, data):
        if self._item is not None:
            self._item["text"] += data


def listed_documents(client, page) -> list[dict]:
    parser = DocumentItems()
    parser.feed(client.get(page.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    return parser.items


def attach(page, title, kind, licence, date=None, size=1):
    item = document(
        page.get_parent().specific.collection,
        title,
        pdf_bytes("x" * size),
        name=f"{kind}.pdf",
    )
    return PracticeDocument.objects.create(
        page=page, document=item, kind=kind, licence=licence, date=date
    )


def test_each_document_shows_kind_date_licence_type_and_size(client, territory_a):
    page = practice(territory_a, title="Cantines solidaires")
    attach(
        page,
        "Délibération du 12 mars",
        "deliberation",
        "etalab-2.0",
        datetime.date(2024, 3, 12),
    )
    attach(page, "Cahier des clauses", "tender", "reserved")

    first, second = listed_documents(client, page)

    assert first["text"].startswith(
        "Délibération du 12 mars (Délibération, 12 mars 2024, PDF, "
    )
    assert re.search(r"PDF, [\d,]+\s(octets|Ko)\)", first["text"])
    assert first["text"].endswith("Réutilisation : Licence Ouverte / Etalab 2.0")
    assert first["times"] == ["2024-03-12"]
    assert (
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "license",
    ) in first["links"]
    # No date: none shown; all rights reserved: no licence link.
    assert "Cahier des clauses (Cahier des charges (CCTP), PDF," in second["text"]
    assert second["text"].endswith("Réutilisation : Tous droits réservés")
    assert second["times"] == []
    assert len(second["links"]) == 1  # the document itself


def test_the_documents_cost_no_query_each(client, territory_a):
    page = practice(territory_a, title="Beaucoup de pièces")
    attach(page, "Pièce 1", "guide", "cc-by-4.0")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    queries()  # caches (menus, labels) filled
    one = queries()
    for n in range(2, 6):
        attach(page, f"Pièce {n}", "report", "cc-by-sa-4.0")
    assert queries() == one
    assert len(listed_documents(client, page)) == 5
