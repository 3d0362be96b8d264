"""The practice editor offers partner territories from a list a person can use."""

from django.urls import reverse

from tests.factories import TerritoryFactory


def test_partner_territory_choices_leave_out_non_member_communes(
    client, editor_a, territory_a
):
    departement = TerritoryFactory(kind="departement", code="33", name="Gironde")
    commune = TerritoryFactory(kind="commune", code="33063", name="Bordeaux")
    client.force_login(editor_a)
    url = reverse(
        "wagtailadmin_pages:add", args=("practices", "practicepage", territory_a.pk)
    )
    response = client.get(url)
    choices = response.context["form"].fields["partner_territories"].queryset
    assert departement in choices
    assert territory_a.territory in choices  # a member
    assert commune not in choices
