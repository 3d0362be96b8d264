"""The demo content loaded by `make run`: complete, realistic and idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Revision

from practices.models import Lever, PracticePage, Theme
from territories.models import Territory, TerritoryPage

VAL_DE_MARNE_MEASURES = {
    "demo-cd94-achats-responsables": "ingénierie",
    "demo-cd94-siae-pdi": "programme départemental d'insertion",
    "demo-cd94-appui-plans-locaux-ess": "agglomérations",
    "demo-cd94-equival": "Equi'val",
    "demo-cd94-formation-agents-ess": "Former les agents",
}
DEMO_USERS = ("admin", "relecture", "editeur-valdemarne")


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """What a second run must leave untouched."""
    return {
        "territories": Territory.objects.count(),
        "members": TerritoryPage.objects.count(),
        "practices": PracticePage.objects.count(),
        "live": PracticePage.objects.live().count(),
        "revisions": Revision.objects.count(),
        "themes": Theme.objects.count(),
        "levers": Lever.objects.count(),
        "latest_revisions": sorted(
            PracticePage.objects.values_list("pk", "latest_revision_id")
        ),
        "passwords": sorted(
            get_user_model().objects.values_list("username", "password")
        ),
    }


@pytest.mark.django_db
def test_load_demo_builds_a_complete_catalogue_and_is_idempotent():
    load_demo()

    # Without DEBUG nor --with-accounts, no account is created.
    assert not get_user_model().objects.filter(username__in=DEMO_USERS).exists()

    members = TerritoryPage.objects.live().select_related("territory")
    assert members.count() >= 12
    assert {m.territory.kind for m in members} == set(Territory.Kind.values)
    epci_types = {m.territory.epci_type for m in members if m.territory.kind == "epci"}
    assert {"METRO", "CA", "CC", "EPT"} <= epci_types

    live = PracticePage.objects.live()
    assert live.count() >= 40
    assert set(Theme.objects.values_list("slug", flat=True)) == set(
        live.values_list("themes__slug", flat=True)
    )
    assert set(Lever.objects.values_list("slug", flat=True)) == set(
        live.values_list("levers__slug", flat=True)
    )
    assert Theme.objects.count() >= 12 and Lever.objects.count() >= 8

    valdemarne = TerritoryPage.objects.get(
        territory__kind="departement", territory__code="94"
    )
    for external_id, words in VAL_DE_MARNE_MEASURES.items():
        page = live.get(external_id=external_id)
        assert page.get_parent().pk == valdemarne.pk
        assert page.territory == valdemarne.territory
        assert words.lower() in (page.title + page.summary).lower(), external_id

    # A second run, now with accounts: the content stays exactly as it was.
    before = snapshot()
    output = load_demo("--with-accounts")
    after = snapshot()
    assert {k: v for k, v in after.items() if k != "passwords"} == {
        k: v for k, v in before.items() if k != "passwords"
    }
    assert "rtes-demo-2026" in output

    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert users["relecture"].groups.filter(name="Équipe éditoriale RTES").exists()
    assert (
        users["editeur-valdemarne"]
        .groups.filter(pk=valdemarne.editors_group_id)
        .exists()
    )
    assert users["editeur-valdemarne"].check_password("rtes-demo-2026")

    # A third run changes nothing at all, accounts included.
    load_demo("--with-accounts")
    assert snapshot() == after
