"""Images and documents for the demo practices, drawn and written on the spot.

Each file is generated here (a Pillow drawing, a one-page PDF), so the demo
ships no binary and every file can be reused under the Licence Ouverte 2.0,
which each one states. Media go to their territory's own collection, as an
editor's uploads would. Idempotent: a medium is found by its title in its
collection, a link by its page and document; a second run creates nothing.
"""

from __future__ import annotations

import datetime
import io
import textwrap
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from practices.models import PracticeDocument, PracticePage

LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# What a generated PDF says of its licence: (name, terms).
LICENCE_TEXTS = {
    PracticeDocument.Licence.ETALAB: (LICENCE, LICENCE_URL),
    PracticeDocument.Licence.CC_BY: (
        "Creative Commons Attribution 4.0 (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/deed.fr",
    ),
}
AUTHOR = "RTES – démonstration"


@dataclass(frozen=True)
class DemoDocument:
    title: str
    kind: str  # PracticeDocument.Kind
    date: datetime.date
    lines: tuple[str, ...]
    licence: str = PracticeDocument.Licence.ETALAB

    def link_fields(self) -> dict:
        return {"kind": self.kind, "date": self.date, "licence": self.licence}


@dataclass(frozen=True)
class DemoMedia:
    external_id: str
    image_title: str
    image_description: str  # the alt text
    colours: tuple[str, str]
    documents: tuple[DemoDocument, ...] = field(default=())


DEMO_MEDIA = (
    DemoMedia(
        "demo-cd94-achats-responsables",
        "Clauses sociales dans les marchés du Val-de-Marne",
        "Schéma : un marché public, ses heures d'insertion et les entreprises "
        "qui les réalisent.",
        ("#00594f", "#e3f1ee"),
        (
            DemoDocument(
                "Délibération sur les achats publics responsables (extrait)",
                "deliberation",
                datetime.date(2017, 6, 26),
                (
                    "Le Conseil départemental décide d'intégrer des clauses",
                    "sociales et environnementales dans ses marchés publics,",
                    "et de confier leur suivi à une équipe dédiée.",
                ),
            ),
            DemoDocument(
                "Cahier des clauses techniques particulières : clause d'insertion",
                "tender",
                datetime.date(2021, 3, 15),
                (
                    "Le titulaire réserve aux personnes en insertion au moins",
                    "7 % des heures travaillées du marché, avec l'appui du",
                    "facilitateur des clauses. Modèle de démonstration.",
                ),
            ),
            DemoDocument(
                "Bilan annuel des clauses sociales",
                "report",
                datetime.date(2024, 2, 12),
                (
                    "Heures d'insertion réalisées, marchés concernés,",
                    "entreprises et structures d'insertion partenaires.",
                    "Chiffres de démonstration.",
                ),
            ),
        ),
    ),
    DemoMedia(
        "demo-occitanie-scop-scic",
        "Coopératives accompagnées en Occitanie",
        "Illustration : des personnes réunies autour d'une table, symbole d'une "
        "coopérative.",
        ("#7a3b00", "#fbeee2"),
        (
            DemoDocument(
                "Convention avec l'union régionale des Scop",
                "agreement",
                datetime.date(2019, 9, 30),
                (
                    "La Région et l'union régionale des Scop et Scic",
                    "s'engagent à accompagner la création et la reprise",
                    "d'entreprises coopératives. Texte de démonstration.",
                ),
            ),
        ),
    ),
    DemoMedia(
        "demo-nantes-metropole-solilab",
        "Le Solilab dans les anciennes halles",
        "Dessin : une halle industrielle reconvertie, avec des boutiques et des "
        "bureaux.",
        ("#1f3a93", "#e6ecfa"),
        (
            DemoDocument(
                "Appel à candidatures pour occuper le lieu",
                "tender",
                datetime.date(2012, 1, 16),
                (
                    "Conditions d'accueil des structures de l'ESS,",
                    "loyers, critères de sélection et calendrier.",
                    "Texte de démonstration.",
                ),
            ),
        ),
    ),
    DemoMedia(
        "demo-grenoble-restauration-scolaire-bio",
        "Un repas bio et local à la cantine",
        "Dessin : un plateau-repas avec des légumes de saison.",
        ("#2e6b1f", "#eaf5e5"),
        (
            DemoDocument(
                "Guide : passer à une restauration scolaire bio et locale",
                "guide",
                datetime.date(2022, 11, 7),
                (
                    "Étapes, allotissement des marchés, travail avec les",
                    "producteurs et les cuisiniers, suivi des coûts.",
                    "Guide de démonstration, réutilisable sous CC BY 4.0.",
                ),
                PracticeDocument.Licence.CC_BY,
            ),
        ),
    ),
)


def draw_image(title: str, colours: tuple[str, str]) -> bytes:
    """A 1200×675 PNG: coloured shapes and the title, with the licence."""
    dark, light = colours
    picture = PILImage.new("RGB", (1200, 675), light)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((0, 520, 1200, 675), fill=dark)
    for n, radius in enumerate((180, 120, 70)):
        centre = (900 + n * 60, 260 - n * 20)
        pen.ellipse(
            (
                centre[0] - radius,
                centre[1] - radius,
                centre[0] + radius,
                centre[1] + radius,
            ),
            outline=dark,
            width=12,
        )
    heading = ImageFont.load_default(size=54)
    small = ImageFont.load_default(size=26)
    for n, line in enumerate(textwrap.wrap(title, 24)[:4]):
        pen.text((70, 90 + n * 70), line, fill=dark, font=heading)
    pen.text((70, 570), f"{AUTHOR} · {LICENCE}", fill="#ffffff", font=small)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _pdf_text(text: str) -> str:
    encoded = text.encode("cp1252", errors="replace").decode("latin-1")
    return encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(
    title: str, lines: tuple[str, ...], licence=PracticeDocument.Licence.ETALAB
) -> bytes:
    """A one-page A4 PDF (Helvetica, WinAnsi) with a title, lines and the licence."""
    name, terms = LICENCE_TEXTS[licence]
    rows = [(16, title), (11, ""), *((11, line) for line in lines)]
    rows += [(11, ""), (9, f"{AUTHOR}. Réutilisable sous {name}."), (9, terms)]
    stream_lines = ["BT", "/F1 16 Tf", "56 780 Td"]
    for size, text in rows:
        stream_lines += [f"/F1 {size} Tf", f"({_pdf_text(text)}) Tj", "0 -20 Td"]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    info = f"<< /Title ({_pdf_text(title)}) /Author ({_pdf_text(AUTHOR)}) >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        info.encode("latin-1"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects), xref)
    )
    return out.getvalue()


def _slug(external_id: str) -> str:
    return external_id.removeprefix("demo-")


@transaction.atomic
def load_demo_media() -> tuple[int, int]:
    """Give the demo practices their images and documents; (images, documents) new."""
    Image, Document = get_image_model(), get_document_model()
    new_images = new_documents = 0
    pages = PracticePage.objects.filter(
        external_id__in=[m.external_id for m in DEMO_MEDIA]
    ).select_related("territory__member_page__collection")
    by_id = {page.external_id: page for page in pages}
    for media in DEMO_MEDIA:
        page = by_id.get(media.external_id)
        if page is None:
            continue
        collection = page.territory.member_page.collection
        image = Image.objects.filter(
            title=media.image_title, collection=collection
        ).first()
        if image is None:
            image = Image.objects.create(
                title=media.image_title,
                description=media.image_description,
                collection=collection,
                file=ImageFile(
                    io.BytesIO(draw_image(media.image_title, media.colours)),
                    name=f"{_slug(media.external_id)}.png",
                ),
            )
            new_images += 1
        changed = page.image_id != image.pk
        for order, spec in enumerate(media.documents):
            document = Document.objects.filter(
                title=spec.title, collection=collection
            ).first()
            if document is None:
                document = Document.objects.create(
                    title=spec.title,
                    collection=collection,
                    file=ContentFile(
                        write_pdf(spec.title, spec.lines, spec.licence),
                        name=f"{_slug(media.external_id)}-{order + 1}.pdf",
                    ),
                )
                new_documents += 1
            if not page.documents.filter(
                document=document, **spec.link_fields()
            ).exists():
                changed = True
        if changed:
            _publish_with_media(page, image, media.documents)
    return new_images, new_documents


def _publish_with_media(page: PracticePage, image, documents) -> None:
    """Publish a revision of `page` with its image and documents, as an editor would."""
    Document = get_document_model()
    page = page.specific
    page.image = image
    links = list(page.documents.all())
    by_document = {link.document_id: link for link in links}
    collection = image.collection
    for spec in documents:
        document = Document.objects.get(title=spec.title, collection=collection)
        link = by_document.get(document.pk)
        if link is None:
            link = PracticeDocument(document=document)
            links.append(link)
        for name, value in spec.link_fields().items():
            setattr(link, name, value)
    # Assigned whole: modelcluster then keeps the edited links in the revision.
    page.documents = links
    page.save_revision().publish()
