"""Helpers to drive the page editor of the Wagtail admin like a browser would."""

import io

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from practices.models import PracticePage


def practice_form_data(title="Clauses sociales dans les marchés", **overrides):
    """POST data of the practice create/edit form, with inline panels filled in."""
    data = nested_form_data(
        {
            "title": title,
            "slug": overrides.pop("slug", None) or slugify(title),
            "summary": "Le Département réserve des heures d'insertion.",
            "context": rich_text("<p>Un contexte.</p>"),
            "objectives": rich_text("<p>Des objectifs.</p>"),
            "description": streamfield(
                [("paragraph", rich_text("<p>La mesure en détail.</p>"))]
            ),
            "steps": streamfield(
                [("step", {"title": "Délibération", "period": "", "description": ""})]
            ),
            "status": "ongoing",
            "start_date": "",
            "end_date": "",
            "budget": "120000",
            "staff": "2 ETP",
            "funding_sources": "",
            "partners": inline_formset(
                [{"name": "Coopérative Exemple", "kind": "ess", "website": ""}]
            ),
            "results": rich_text("<p>Des résultats.</p>"),
            "indicators": inline_formset(
                [
                    {
                        "label": "Heures d'insertion",
                        "value": "12000",
                        "unit": "h",
                        "year": "2024",
                    }
                ]
            ),
            "lessons": rich_text(""),
            "transferability": rich_text(""),
            "documents": inline_formset([]),
            "inspirations": inline_formset([]),
            "contact_name": "Camille Martin",
            "contact_role": "Chargée de mission ESS",
            "contact_email": "camille.martin@example.org",
            "last_reviewed": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    data.update(overrides)
    return data


def denied(response) -> bool:
    """Whether the admin refused the request.

    Wagtail turns a `PermissionDenied` raised by an admin view into a redirect to the
    dashboard with an error message (a bare 403 for XHR requests).
    """
    if response.status_code == 403:
        return True
    if response.status_code != 302 or response["Location"] != reverse(
        "wagtailadmin_home"
    ):
        return False
    return any(
        message.level == messages.ERROR
        for message in messages.get_messages(response.wsgi_request)
    )


def add_url(parent) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk]
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def create_practice(client, parent, action=None, **fields):
    """POST the add form under `parent`; `action` is "publish", "submit" or None."""
    data = practice_form_data(**fields)
    if action:
        data[f"action-{action}"] = action
    return client.post(add_url(parent), data)


def edit_practice(client, page, action=None, **fields):
    """POST the edit form of `page`; `action` is "publish", "submit" or None."""
    fields.setdefault("title", page.title)
    fields.setdefault("slug", page.slug)
    data = practice_form_data(**fields)
    if action:
        data[f"action-{action}"] = action
    return client.post(edit_url(page), data)


def latest(page) -> PracticePage:
    """The page as stored now (the database row, not the draft)."""
    return PracticePage.objects.get(pk=page.pk)


def page_url(name, *pages):
    return reverse(f"wagtailadmin_pages:{name}", args=[p.pk for p in pages])


# Views of territory B's pages (B and a practice of B), by what they are for:
# an editor of A must not open any; a superuser opens them all.
VIEWS_OF_B = {
    "edit practice": lambda b, p: page_url("edit", p),
    "edit territory page": lambda b, p: page_url("edit", b),
    "add subpage": lambda b, p: page_url("add_subpage", b),
    "add practice form": lambda b, p: add_url(b),
    "move": lambda b, p: page_url("move", p),
    "delete": lambda b, p: page_url("delete", p),
    "unpublish": lambda b, p: page_url("unpublish", p),
    "copy": lambda b, p: page_url("copy", p),
    "privacy": lambda b, p: page_url("set_privacy", p),
    "view draft": lambda b, p: page_url("view_draft", p),
    "preview": lambda b, p: page_url("preview_on_edit", p),
    "usage": lambda b, p: page_url("usage", p),
    "compare revisions": lambda b, p: reverse(
        "wagtailadmin_pages:revisions_compare", args=[p.pk, "earliest", "latest"]
    ),
    "history": lambda b, p: page_url("history", p),
    "workflow history": lambda b, p: page_url("workflow_history", p),
    "view revision": lambda b, p: reverse(
        "wagtailadmin_pages:revisions_view", args=[p.pk, p.latest_revision_id]
    ),
    "revert to revision": lambda b, p: reverse(
        "wagtailadmin_pages:revisions_revert", args=[p.pk, p.latest_revision_id]
    ),
}


def png_file(name="logo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text_file(name="deliberation.txt"):
    return SimpleUploadedFile(name, b"Deliberation du conseil.", "text/plain")
