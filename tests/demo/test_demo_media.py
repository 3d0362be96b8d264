"""The demo's images and documents: generated, licensed, in their territory's
collection, shown on the practice pages, and created once whatever the runs."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from pypdf import PdfReader
from rtes_site.demo_media import DEMO_MEDIA, LICENCE, LICENCE_TEXTS, write_pdf
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision

from practices.models import PracticeDocument, PracticePage

pytestmark = pytest.mark.django_db


def media_counts() -> dict:
    return {
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "links": PracticeDocument.objects.count(),
        "revisions": Revision.objects.count(),
        "with_image": PracticePage.objects.filter(image__isnull=False).count(),
    }


@pytest.fixture
def demo(settings):
    settings.RTES_SEARCH_ENGINE = ""
    call_command("load_demo", stdout=StringIO())


def test_demo_practices_have_images_and_documents_in_their_collection(demo):
    expected_documents = sum(len(m.documents) for m in DEMO_MEDIA)
    counts = media_counts()
    assert counts["with_image"] == len(DEMO_MEDIA) >= 3
    assert counts["links"] == expected_documents >= 3
    for media in DEMO_MEDIA:
        page = PracticePage.objects.get(external_id=media.external_id)
        collection = page.get_parent().specific.collection
        assert page.image.collection == collection
        assert page.image.description  # the alt text
        with PILImage.open(page.image.file) as picture:
            assert picture.size == (1200, 675)
        specs = {spec.title: spec for spec in media.documents}
        for link in page.documents.select_related("document"):
            assert link.document.collection == collection
            spec = specs[link.document.title]
            assert (link.kind, link.date, link.licence) == (
                spec.kind,
                spec.date,
                spec.licence,
            )
            content = link.document.file.read()
            assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(
                b"%%EOF"
            )
            text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
            assert LICENCE_TEXTS[link.licence][0] in text
    # Live pages show what they have: the image, the document links.
    page = PracticePage.objects.get(external_id=DEMO_MEDIA[0].external_id)
    assert page.live and not page.has_unpublished_changes


def test_the_demo_documents_are_of_several_kinds_and_licences():
    specs = [spec for media in DEMO_MEDIA for spec in media.documents]
    kinds = {spec.kind for spec in specs}
    assert {"deliberation", "tender", "agreement", "report", "guide"} <= kinds
    assert {spec.licence for spec in specs} == {"etalab-2.0", "cc-by-4.0"}


def test_second_run_creates_nothing(demo):
    before = media_counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert media_counts() == before
    assert "Demo media: 0 images and 0 documents created." in out.getvalue()


def test_practice_page_shows_image_and_downloadable_documents(client, demo):
    page = PracticePage.objects.get(external_id=DEMO_MEDIA[0].external_id)
    html = client.get(page.url).content.decode()
    assert f'alt="{page.image.description}"' in html.replace("&#x27;", "'")
    links = list(page.documents.select_related("document"))
    assert len(links) == len(DEMO_MEDIA[0].documents) == 3
    for link in links:
        assert link.document.url in html
        response = client.get(link.document.url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")


def test_pdf_is_well_formed():
    """The cross-reference table points at each object (readers rely on it)."""
    content = write_pdf("Délibération (extrait) \\ test", ("Ligne é", "à"))
    xref_at = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert content[xref_at:].startswith(b"xref\n0 7\n")
    table = content[xref_at:].split(b"\n")[3:9]
    for number, row in enumerate(table, start=1):
        offset = int(row[:10])
        assert content[offset:].startswith(b"%d 0 obj" % number)
    assert b"Licence Ouverte / Open Licence 2.0" in content
    assert LICENCE.startswith("Licence Ouverte / Open Licence 2.0")


def test_image_is_a_png(demo):
    image = get_image_model().objects.first()
    with image.file.open("rb") as handle:
        data = handle.read()
    assert PILImage.open(io.BytesIO(data)).format == "PNG"
