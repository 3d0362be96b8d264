"""Small PDFs written in the tests, one line of text per page (Helvetica,
WinAnsi: French accents included), and Wagtail documents holding them."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from wagtail.documents import get_document_model


def _escaped(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with one page per text (objects and cross-reference table by hand)."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * n} 0 R" for n in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >>",
    ]
    for n, text in enumerate(pages):
        content = b"BT /F1 10 Tf 40 800 Td (" + _escaped(text) + b") Tj ET"
        page = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            f" /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * n} 0 R >>"
        )
        objects.append(page.encode())
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode()
            + content
            + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def encrypted(pdf: bytes, user_password: str) -> bytes:
    """The PDF encrypted (RC4, which pypdf handles without extra libraries)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(
        user_password=user_password, owner_password="owner", algorithm="RC4-128"
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document(collection, title: str, content: bytes, name: str = "piece.pdf"):
    """A Wagtail document in `collection`, with its size and hash as an upload
    through the admin records them."""
    item = get_document_model()(
        title=title,
        file=SimpleUploadedFile(name, content, "application/pdf"),
        collection=collection,
    )
    item._set_document_file_metadata()
    item.save()
    return item
