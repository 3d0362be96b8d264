"""Who may choose, attach and download a territory's images and documents.

The matrix: territory B's own editor, the editor of another territory (A), the
RTES editorial team and an anonymous visitor, for an image and a document of B's
collection, through the choosers, the page forms (forged ids included) and the
document download.
"""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from practices.models import PracticeDocument, PracticePage
from territories.services import shared_collection
from tests.factories import practice

from .helpers import create_practice, denied, edit_practice, latest, png_file

Image = get_image_model()
Document = get_document_model()

PEOPLE = ["editor_b", "editor_a", "editorial_user", "anonymous"]
# Who sees B's private media: its own editors and the editorial team.
SEES_B = {"editor_b": True, "editor_a": False, "editorial_user": True}


@pytest.fixture
def person(request, client, home):
    """A client signed in as the parametrized person (or not signed in).

    `home` in the signature marks the tests as database tests: pytest-django
    orders them before the transactional ones, which empty the page tree.
    """
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return request.param, client


def download(client, document):
    return client.get(document.url)


@pytest.mark.parametrize("person", PEOPLE[:3], indirect=True)
@pytest.mark.parametrize(
    ("chooser", "fixture"),
    [
        ("wagtailimages_chooser:choose", "image_of_b"),
        ("wagtaildocs_chooser:choose", "document_of_b"),
    ],
    ids=["image", "document"],
)
def test_chooser_lists_b_media_to_those_who_may_attach_them(
    person, request, chooser, fixture
):
    who, client = person
    item = request.getfixturevalue(fixture)
    html = client.get(reverse(chooser)).content.decode()
    assert (item.title in html) is SEES_B[who]


@pytest.mark.parametrize(
    ("chosen", "fixture"),
    [
        ("wagtailimages_chooser:chosen", "image_of_b"),
        ("wagtaildocs_chooser:chosen", "document_of_b"),
    ],
    ids=["image", "document"],
)
def test_chooser_does_not_hand_out_b_media_to_another_territory(
    as_editor_a, request, chosen, fixture
):
    item = request.getfixturevalue(fixture)
    assert denied(as_editor_a.get(reverse(chosen, args=[item.pk])))


@pytest.mark.parametrize(
    "chooser", ["wagtailimages_chooser:choose", "wagtaildocs_chooser:choose"]
)
def test_anonymous_visitor_gets_no_chooser(client, image_of_b, chooser):
    response = client.get(reverse(chooser))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_unattached_document_is_downloaded_only_by_those_who_may_see_it(
    person, document_of_b
):
    who, client = person
    response = download(client, document_of_b)
    assert response.status_code == (200 if SEES_B.get(who) else 404)


@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_document_of_a_live_practice_is_public(person, territory_b, document_of_b):
    page = practice(territory_b, title="Convention publiée")
    PracticeDocument.objects.create(page=page, document=document_of_b)
    _who, client = person
    assert download(client, document_of_b).status_code == 200


def test_document_of_a_draft_practice_stays_private(client, territory_b, document_of_b):
    page = practice(territory_b, live=False, title="Convention en projet")
    PracticeDocument.objects.create(page=page, document=document_of_b)
    assert download(client, document_of_b).status_code == 404


def test_document_of_a_restricted_practice_stays_private(
    client, territory_b, document_of_b
):
    page = practice(territory_b, title="Réservée aux membres")
    PracticeDocument.objects.create(page=page, document=document_of_b)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert download(client, document_of_b).status_code == 404


def test_document_files_are_not_served_directly(client, document_of_b, settings):
    """Only the download view decides: the file's own path is not a public URL."""
    response = client.get(f"{settings.MEDIA_URL}{document_of_b.file.name}")
    assert response.status_code == 404


# --- Forged page forms ----


def test_foreign_image_id_is_refused_on_a_practice(
    as_editor_a, territory_a, image_of_b
):
    response = create_practice(
        as_editor_a, territory_a, title="Photo d'ailleurs", image=str(image_of_b.pk)
    )
    assert "image" in response.context["form"].errors
    assert not PracticePage.objects.filter(title="Photo d'ailleurs").exists()


def test_foreign_document_id_is_refused_on_a_practice(
    as_editor_a, territory_a, document_of_b
):
    documents = nested_form_data(
        {
            "documents": inline_formset(
                [{"document": str(document_of_b.pk), "kind": "agreement"}]
            )
        }
    )
    create_practice(
        as_editor_a, territory_a, title="Convention d'ailleurs", **documents
    )
    assert not PracticePage.objects.filter(title="Convention d'ailleurs").exists()
    assert not PracticeDocument.objects.filter(document=document_of_b).exists()


def image_block(image):
    return nested_form_data(
        {
            "description": streamfield(
                [
                    (
                        "image",
                        {"image": str(image.pk), "decorative": "", "alt_text": "Photo"},
                    ),
                    ("paragraph", rich_text("<p>La mesure.</p>")),
                ]
            )
        }
    )


def test_foreign_image_in_the_description_is_refused(
    as_editor_a, territory_a, image_of_b
):
    response = create_practice(
        as_editor_a, territory_a, title="Galerie d'ailleurs", **image_block(image_of_b)
    )
    assert "description" in response.context["form"].errors
    assert not PracticePage.objects.filter(title="Galerie d'ailleurs").exists()


def test_own_and_shared_images_are_accepted(as_editor_a, territory_a):
    """The control case: the same forms with images A may choose."""
    own = Image.objects.create(
        title="Photo du Val-de-Marne",
        file=png_file(),
        collection=territory_a.collection,
    )
    shared = Image.objects.create(
        title="Logo du RTES", file=png_file(), collection=shared_collection()
    )
    create_practice(
        as_editor_a,
        territory_a,
        title="Photos permises",
        image=str(shared.pk),
        **image_block(own),
    )
    page = PracticePage.objects.get(title="Photos permises")
    revision = page.get_latest_revision_as_object()
    assert revision.image == shared
    assert revision.description[0].value.pk == own.pk


def test_image_chosen_by_the_editorial_team_stays_when_the_editor_saves(
    as_editor_a, territory_a, image_of_b
):
    page = practice(territory_a, title="Photo choisie par le RTES", image=image_of_b)
    edit_practice(as_editor_a, page, image=str(image_of_b.pk))
    revision = latest(page).get_latest_revision_as_object()
    assert revision.image == image_of_b


def test_foreign_logo_is_refused_on_the_territory_page(
    as_editor_a, territory_a, image_of_b
):
    data = nested_form_data(
        {
            "title": territory_a.title,
            "slug": territory_a.slug,
            "presentation": rich_text("<p>Le Val-de-Marne.</p>"),
            "logo": str(image_of_b.pk),
            "membership_date": "2020-01-01",
            "website": "",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    response = as_editor_a.post(
        reverse("wagtailadmin_pages:edit", args=[territory_a.pk]), data
    )
    assert "logo" in response.context["form"].errors
    assert territory_a.get_latest_revision_as_object().logo is None
