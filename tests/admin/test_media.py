"""Each territory's images and documents stay in its own collection."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .helpers import denied, png_file, text_file

Image = get_image_model()
Document = get_document_model()


def test_uploaded_image_lands_in_own_collection(as_editor_a, territory_a, territory_b):
    """Even a forged request naming B's collection cannot put a file there."""
    as_editor_a.post(
        reverse("wagtailimages:add"),
        {"title": "Logo", "file": png_file(), "collection": territory_b.collection_id},
    )
    assert Image.objects.get(title="Logo").collection_id == territory_a.collection_id


def test_uploaded_document_lands_in_own_collection(
    as_editor_a, territory_a, territory_b
):
    as_editor_a.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Délibération",
            "file": text_file(),
            "collection": territory_b.collection_id,
        },
    )
    document = Document.objects.get(title="Délibération")
    assert document.collection_id == territory_a.collection_id


def test_upload_form_offers_no_collection_choice(as_editor_a, territory_b):
    """With one permitted collection, Wagtail drops the field: B's is not offered."""
    form = as_editor_a.get(reverse("wagtailimages:add")).context["form"]
    assert "collection" not in form.fields


@pytest.mark.parametrize(
    "url_name",
    ["wagtailimages:index", "wagtailimages_chooser:choose"],
    ids=["index", "chooser"],
)
def test_images_of_another_territory_are_not_listed(as_editor_a, image_of_b, url_name):
    html = as_editor_a.get(reverse(url_name)).content.decode()
    assert image_of_b.title not in html


@pytest.mark.parametrize(
    "url_name",
    ["wagtaildocs:index", "wagtaildocs_chooser:choose"],
    ids=["index", "chooser"],
)
def test_documents_of_another_territory_are_not_listed(
    as_editor_a, document_of_b, url_name
):
    html = as_editor_a.get(reverse(url_name)).content.decode()
    assert document_of_b.title not in html


@pytest.mark.parametrize(
    "url_name",
    ["wagtailimages:index", "wagtailimages_chooser:choose"],
    ids=["index", "chooser"],
)
def test_superuser_sees_every_territorys_images(as_superuser, image_of_b, url_name):
    """The control case for the listing checks above."""
    html = as_superuser.get(reverse(url_name)).content.decode()
    assert image_of_b.title in html


def test_cannot_edit_another_territorys_image(as_editor_a, image_of_b):
    url = reverse("wagtailimages:edit", args=[image_of_b.pk])
    assert denied(as_editor_a.get(url))


def test_cannot_delete_another_territorys_document(as_editor_a, document_of_b):
    response = as_editor_a.post(reverse("wagtaildocs:delete", args=[document_of_b.pk]))
    assert (
        denied(response),
        Document.objects.filter(pk=document_of_b.pk).exists(),
    ) == (
        True,
        True,
    )
