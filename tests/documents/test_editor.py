"""The document inline of the practice editor: kind, date typed the French way,
licence; and only documents of the editor's own collection."""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from practices.models import PracticeDocument, PracticePage
from tests.admin.helpers import add_url, create_practice, edit_practice, latest
from tests.factories import practice


def documents(*items):
    return nested_form_data({"documents": inline_formset(list(items))})


def attached(document, kind="tender", date="", licence="etalab-2.0"):
    return {
        "document": str(document.pk),
        "kind": kind,
        "date": date,
        "licence": licence,
    }


def test_the_inline_shows_kind_date_and_licence_in_french(as_editor_a, territory_a):
    html = as_editor_a.get(add_url(territory_a), HTTP_ACCEPT_LANGUAGE="fr").content
    html = html.decode()
    for text in [
        "Date du document",
        "Quand il a été adopté, signé ou publié.",
        "jj/mm/aaaa",
        "Licence Ouverte / Etalab 2.0",
        "Tous droits réservés",
        "Cahier des charges (CCTP)",
        "Bilan ou évaluation",
    ]:
        assert text in html, text


def test_a_document_is_attached_with_its_kind_date_and_licence(
    as_editor_a, territory_a, pdf_of_a
):
    create_practice(
        as_editor_a,
        territory_a,
        title="Cantines solidaires",
        **documents(attached(pdf_of_a, "deliberation", "12 mars 2024", "cc-by-4.0")),
    )
    page = PracticePage.objects.get(title="Cantines solidaires")
    [item] = page.get_latest_revision_as_object().documents.all()
    assert (item.document, item.kind, item.date, item.licence) == (
        pdf_of_a,
        "deliberation",
        datetime.date(2024, 3, 12),
        "cc-by-4.0",
    )


def test_a_date_typed_as_digits_is_read_day_first(as_editor_a, territory_a, pdf_of_a):
    create_practice(
        as_editor_a,
        territory_a,
        title="Cantines du Val",
        **documents(attached(pdf_of_a, date="03/04/2024")),
    )
    page = PracticePage.objects.get(title="Cantines du Val")
    [item] = page.get_latest_revision_as_object().documents.all()
    assert item.date == datetime.date(2024, 4, 3)


def test_an_impossible_date_is_an_error_on_the_document(
    as_editor_a, territory_a, pdf_of_a
):
    response = create_practice(
        as_editor_a,
        territory_a,
        title="Date impossible",
        **documents(attached(pdf_of_a, date="31/02/2024")),
    )
    assert response.status_code == 200
    [form] = response.context["form"].formsets["documents"].forms
    assert "date" in form.errors
    assert not PracticePage.objects.filter(title="Date impossible").exists()


def test_an_unknown_licence_is_refused(as_editor_a, territory_a, pdf_of_a):
    response = create_practice(
        as_editor_a,
        territory_a,
        title="Licence inventée",
        **documents(attached(pdf_of_a, licence="wtfpl")),
    )
    [form] = response.context["form"].formsets["documents"].forms
    assert "licence" in form.errors
    assert not PracticePage.objects.filter(title="Licence inventée").exists()


def test_editing_cannot_attach_a_document_of_another_territory(
    as_editor_a, territory_a, document_of_b, pdf_of_a
):
    """A forged id of B's collection, beside a document A may attach: refused,
    and the practice keeps its documents as they were."""
    page = practice(territory_a, title="Achats du Val-de-Marne")
    PracticeDocument.objects.create(page=page, document=pdf_of_a, kind="guide")
    response = edit_practice(
        as_editor_a,
        page,
        **documents(
            attached(pdf_of_a, "guide"),
            attached(document_of_b, "agreement", "01/02/2024", "cc-by-sa-4.0"),
        ),
    )
    forms = response.context["form"].formsets["documents"].forms
    assert "document" in forms[1].errors
    assert not PracticeDocument.objects.filter(document=document_of_b).exists()
    revision = latest(page).get_latest_revision_as_object()
    assert [item.document for item in revision.documents.all()] == [pdf_of_a]


def test_own_document_is_accepted_beside_the_refusal_control(
    as_editor_a, territory_a, pdf_of_a
):
    """The same edit with A's own document only goes through (the control case)."""
    page = practice(territory_a, title="Achats publiés")
    edit_practice(
        as_editor_a,
        page,
        **documents(attached(pdf_of_a, "agreement", "1er février 2024")),
    )
    [item] = latest(page).get_latest_revision_as_object().documents.all()
    assert (item.document, item.kind, item.date) == (
        pdf_of_a,
        "agreement",
        datetime.date(2024, 2, 1),
    )
