"""The "Make member" admin action and the reference territories' admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from territories.models import Territory, TerritoryPage
from tests.factories import TerritoryFactory

from .helpers import denied


def make_member_url(territory):
    return reverse(
        "wagtailsnippets_territories_territory:make_member", args=[territory.pk]
    )


def territory_url(view, *args):
    return reverse(f"wagtailsnippets_territories_territory:{view}", args=args)


VALID_FORM = {
    "membership_date": "2024-03-01",
    "presentation": "Une commune engagée.\n\nDeuxième paragraphe <b>brut</b>.",
    "website": "https://www.example.org",
    "contact_name": "Claire Dupont",
    "contact_email": "claire.dupont@example.org",
}


@pytest.fixture
def commune(home):
    return TerritoryFactory(kind=Territory.Kind.COMMUNE, code="94028", name="Créteil")


@pytest.fixture
def made_member(as_editorial, commune):
    """The response to the editorial team's "Make member" form for Créteil."""
    return as_editorial.post(make_member_url(commune), VALID_FORM)


def page_permissions(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


# --- Who may use it ----


def test_editorial_team_sees_the_form(as_editorial, commune):
    assert as_editorial.get(make_member_url(commune)).status_code == 200


def test_territory_editor_is_refused(as_editor_a, commune):
    response = as_editor_a.post(make_member_url(commune), VALID_FORM)
    assert (
        denied(response),
        TerritoryPage.objects.filter(territory=commune).exists(),
    ) == (
        True,
        False,
    )


def test_territory_editor_gets_403_on_xhr(as_editor_a, commune):
    """Wagtail redirects browsers; the view itself refuses with 403."""
    response = as_editor_a.get(
        make_member_url(commune), headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 403


def test_user_with_change_territory_permission_may(client, commune):
    from tests.factories import UserFactory

    user = UserFactory(username="geographe")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_territory"),
    )
    client.force_login(user)
    assert client.get(make_member_url(commune)).status_code == 200


def test_signed_out_visitor_is_sent_to_login(client, commune):
    response = client.get(make_member_url(commune))
    assert (response.status_code, "/admin/login/" in response["Location"]) == (
        302,
        True,
    )


def test_get_changes_nothing(as_editorial, commune):
    as_editorial.get(make_member_url(commune))
    assert not TerritoryPage.objects.filter(territory=commune).exists()


def test_unknown_territory_is_404(as_editorial, home):
    url = reverse("wagtailsnippets_territories_territory:make_member", args=[999999])
    assert as_editorial.get(url).status_code == 404


# --- What it creates ----


def test_redirects_to_the_new_page_editor(made_member, commune):
    page = TerritoryPage.objects.get(territory=commune)
    assert made_member["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_creates_a_live_page_under_the_territories_index(made_member, commune):
    page = TerritoryPage.objects.get(territory=commune)
    assert (page.get_parent().slug, page.live, page.title) == (
        "territoires",
        True,
        "Créteil",
    )


def test_stores_the_form_on_the_page(made_member, commune):
    page = TerritoryPage.objects.get(territory=commune)
    assert (
        str(page.membership_date),
        page.website,
        page.contact_name,
        page.contact_email,
    ) == (
        "2024-03-01",
        "https://www.example.org",
        "Claire Dupont",
        "claire.dupont@example.org",
    )


def test_presentation_becomes_escaped_paragraphs(made_member, commune):
    page = TerritoryPage.objects.get(territory=commune)
    assert page.presentation == (
        "<p>Une commune engagée.</p>\n\n"
        "<p>Deuxième paragraphe &lt;b&gt;brut&lt;/b&gt;.</p>"
    )


def test_creates_the_editors_group_with_page_permissions(made_member, commune):
    page = TerritoryPage.objects.get(territory=commune)
    group = Group.objects.get(name="Éditeurs – Créteil (94028)")
    assert page_permissions(group, page) == {
        "add_page",
        "change_page",
        "lock_page",
        "unlock_page",
    }


def test_editors_group_has_no_page_permission_elsewhere(made_member, commune):
    group = Group.objects.get(name="Éditeurs – Créteil (94028)")
    page = TerritoryPage.objects.get(territory=commune)
    other = GroupPagePermission.objects.filter(group=group).exclude(page=page)
    assert not other.exists()


def test_creates_the_collection_with_media_permissions(made_member, commune):
    page = TerritoryPage.objects.get(territory=commune)
    permissions = set(
        GroupCollectionPermission.objects.filter(group=page.editors_group).values_list(
            "collection__name", "permission__codename"
        )
    )
    assert permissions == {
        (page.collection.name, codename)
        for codename in (
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        )
    } | {
        ("Médiathèque partagée RTES", "choose_image"),
        ("Médiathèque partagée RTES", "choose_document"),
    }


def test_success_message(made_member, as_editorial):
    response = as_editorial.get(made_member["Location"])
    assert "Créteil" in response.content.decode()


def test_second_submission_duplicates_nothing(as_editorial, made_member, commune):
    counts_before = (Group.objects.count(), Collection.objects.count())
    response = as_editorial.post(make_member_url(commune), VALID_FORM)
    page = TerritoryPage.objects.get(territory=commune)
    assert (
        response["Location"],
        TerritoryPage.objects.filter(territory=commune).count(),
        (Group.objects.count(), Collection.objects.count()),
    ) == (reverse("wagtailadmin_pages:edit", args=[page.pk]), 1, counts_before)


# --- Bad input ----


@pytest.mark.parametrize(
    "field, value",
    [
        ("membership_date", "pas une date"),
        ("membership_date", ""),
        ("contact_email", "pas-un-courriel"),
        ("website", "javascript:alert(1)"),
        ("contact_name", "x" * 300),
    ],
)
def test_bad_data_rerenders_with_errors_and_creates_nothing(
    as_editorial, commune, field, value
):
    groups_before = Group.objects.count()
    response = as_editorial.post(make_member_url(commune), {**VALID_FORM, field: value})
    assert (
        response.status_code,
        field in response.context["form"].errors,
        TerritoryPage.objects.filter(territory=commune).exists(),
        Group.objects.count(),
    ) == (200, True, False, groups_before)


# --- The reference territories' admin ----


def test_listing_offers_make_member_for_a_non_member(as_editorial, commune):
    html = as_editorial.get(territory_url("list")).content.decode()
    assert make_member_url(commune) in html


def test_listing_links_a_member_to_its_page(as_editorial, territory_a):
    html = as_editorial.get(territory_url("list")).content.decode()
    edit_url = reverse("wagtailadmin_pages:edit", args=[territory_a.pk])
    assert (edit_url in html, make_member_url(territory_a.territory) in html) == (
        True,
        False,
    )


def test_inspect_view_offers_make_member(as_editorial, commune):
    html = as_editorial.get(territory_url("inspect", commune.pk)).content.decode()
    assert make_member_url(commune) in html


def test_inspect_view_of_a_member_links_its_page(as_editorial, territory_a):
    pk = territory_a.territory.pk
    html = as_editorial.get(territory_url("inspect", pk)).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[territory_a.pk]) in html


@pytest.mark.parametrize("view", ["add", "edit", "delete"])
def test_reference_rows_are_not_edited_in_the_admin(as_superuser, commune, view):
    args = () if view == "add" else (commune.pk,)
    assert denied(as_superuser.get(territory_url(view, *args)))


def test_territory_editor_cannot_see_the_reference_listing(as_editor_a):
    assert denied(as_editor_a.get(territory_url("list")))


@pytest.fixture
def geography(home):
    idf = TerritoryFactory(kind=Territory.Kind.REGION, code="11", name="Île-de-France")
    TerritoryFactory(
        kind=Territory.Kind.DEPARTEMENT, code="94", name="Val-de-Marne", region=idf
    )
    TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="33", name="Gironde")
    TerritoryFactory(
        kind=Territory.Kind.COMMUNE, code="94028", name="Créteil", region=idf
    )
    return idf


def listed_names(client, **params):
    response = client.get(territory_url("list"), params)
    return sorted(t.name for t in response.context["object_list"])


def test_filter_by_kind(as_editorial, geography):
    assert listed_names(as_editorial, kind="departement") == ["Gironde", "Val-de-Marne"]


def test_filter_by_region(as_editorial, geography):
    assert listed_names(as_editorial, region=geography.pk) == [
        "Créteil",
        "Val-de-Marne",
        "Île-de-France",
    ]


def test_filter_by_membership(as_editorial, geography, territory_a):
    assert listed_names(as_editorial, is_member="true") == ["Val-de-Marne"]


def test_search_by_code(as_editorial, geography):
    assert listed_names(as_editorial, q="94028") == ["Créteil"]


@pytest.mark.parametrize(
    "params", [{"region": "abc"}, {"kind": "x" * 50}, {"page": "-1"}]
)
def test_bad_filters_do_not_fail(as_editorial, geography, params):
    assert as_editorial.get(territory_url("list"), params).status_code == 200


def test_member_page_deleted_then_made_member_again(as_superuser, commune):
    """Rejoining reuses the territory's editors' group and collection."""
    as_superuser.post(make_member_url(commune), VALID_FORM)
    first = TerritoryPage.objects.get(territory=commune)
    group_id, collection_id = first.editors_group_id, first.collection_id
    as_superuser.post(reverse("wagtailadmin_pages:delete", args=[first.pk]))
    as_superuser.post(make_member_url(commune), VALID_FORM)
    again = TerritoryPage.objects.get(territory=commune)
    assert (again.pk != first.pk, again.editors_group_id, again.collection_id) == (
        True,
        group_id,
        collection_id,
    )
