"""What a subscriber can follow: one entry per kind of subscription.

Every page, e-mail and digest reads what differs between kinds from here: how a
kind is put in words, which search page shows what it follows, which practices
it follows. Adding a kind (say, audiences) is one `Followed` entry, plus its
choice and foreign key on `Subscription` and a migration.

A saved search is the one kind without a followed object: it keeps its text and
filters on the subscription itself, and `search.matching` decides what it follows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from practices.models import Lever, PracticePage, Theme
from search.facets import ASCII_ID
from territories.models import Territory

from .models import Subscription

Kind = Subscription.Kind


@dataclass(frozen=True)
class Followed:
    """A kind of subscription that follows one object (a theme, a territory...).

    `field` is the attribute of `Subscription` (and of a `Target`) holding the
    object. The phrases take the object's name as `%(name)s`.
    """

    kind: str
    field: str
    model: type[models.Model]
    # The search facets that select it alone, with the wording of the link
    # that follows such a search: {"theme": "Follow this theme by e-mail"}.
    facets: dict[str, Promise]
    # The object named by a value of one of those facets, or None.
    lookup: Callable[[str, str], models.Model | None]
    # (parameter, value) pairs of the search page listing what it follows.
    search_params: Callable[[models.Model], list[tuple[str, str]]]
    # The subscribe page's parameter that ticks its box (`SubscribeForm.initial_from`).
    subscribe_param: Callable[[models.Model], tuple[str, str]]
    # The pks of the objects a practice is followed through.
    followed_in: Callable[[PracticePage], Iterable[int | None]]
    described: Promise  # "Theme: %(name)s", on the subscription pages
    title: Promise  # the heading of its group in a digest
    reason: Promise  # "you follow the theme …", why a practice is in a digest

    def followed_object(self, item) -> models.Model | None:
        """What `item` (a Subscription, or a `subscriptions.Target`) follows."""
        if isinstance(item, Subscription):
            return getattr(item, self.field)
        return item.obj

    def followed_pk(self, item) -> int | None:
        if isinstance(item, Subscription):
            return getattr(item, f"{self.field}_id")
        return item.obj.pk if item.obj is not None else None

    def phrase(self, which: str, item) -> str:
        """One of the phrases (`described`, `title`, `reason`) for `item`."""
        obj = self.followed_object(item)
        return getattr(self, which) % {"name": obj.name}


class FollowedTerritory(Followed):
    """A région is described as one: "Region: Occitanie"."""

    def phrase(self, which: str, item) -> str:
        territory = self.followed_object(item)
        if which == "described" and territory.kind == Territory.Kind.REGION:
            return _("Region: %(name)s") % {"name": territory.name}
        return super().phrase(which, item)


def _territory_named(facet: str, value: str) -> Territory | None:
    if facet == "region":
        return Territory.objects.filter(kind=Territory.Kind.REGION, code=value).first()
    if ASCII_ID.fullmatch(value):
        return Territory.objects.filter(pk=int(value)).first()
    return None


def _territory_params(territory: Territory) -> list[tuple[str, str]]:
    if territory.kind in (Territory.Kind.REGION, Territory.Kind.DEPARTEMENT):
        return [(territory.kind, territory.code)]
    return [("territory", str(territory.pk))]


def _places(page: PracticePage) -> Iterable[int | None]:
    """Its territory, the région, département and EPCI around it, its partners."""
    territory = page.territory
    if territory is not None:
        yield from (
            territory.pk,
            territory.region_id,
            territory.departement_id,
            territory.epci_id,
        )
    yield from (t.pk for t in page.partner_territories.all())


def _taxonomy(kind: str, model, relation: str, follow_label, **phrases) -> Followed:
    """A taxonomy followed through its slug, on the facet of the same name."""
    return Followed(
        kind=kind,
        field=kind,
        model=model,
        facets={kind: follow_label},
        lookup=lambda _facet, slug: model.objects.filter(slug=slug).first(),
        search_params=lambda term: [(kind, term.slug)],
        subscribe_param=lambda term: (kind, term.slug),
        followed_in=lambda page: (term.pk for term in getattr(page, relation).all()),
        **phrases,
    )


THEME = _taxonomy(
    Kind.THEME,
    Theme,
    "themes",
    _("Follow this theme by e-mail"),
    described=_("Theme: %(name)s"),
    title=_("Theme “%(name)s”"),
    reason=_("you follow the theme “%(name)s”"),
)
LEVER = _taxonomy(
    Kind.LEVER,
    Lever,
    "levers",
    _("Follow this lever by e-mail"),
    described=_("Lever: %(name)s"),
    title=_("Lever “%(name)s”"),
    reason=_("you follow the lever “%(name)s”"),
)
TERRITORY = FollowedTerritory(
    kind=Kind.TERRITORY,
    field="territory",
    model=Territory,
    facets={
        "region": _("Follow this region by e-mail"),
        "territory": _("Follow this territory's practices by e-mail"),
    },
    lookup=_territory_named,
    search_params=_territory_params,
    subscribe_param=lambda territory: ("territory", str(territory.pk)),
    followed_in=_places,
    described=_("Territory: %(name)s"),
    title=_("Territory “%(name)s”"),
    reason=_("you follow the territory “%(name)s”"),
)

# In the order of a digest's groups: a practice shows in the first that has it.
FOLLOWED = {entry.kind: entry for entry in (THEME, LEVER, TERRITORY)}
ORDER = {kind: rank for rank, kind in enumerate([*FOLLOWED, Kind.SEARCH])}
BY_FACET = {facet: entry for entry in FOLLOWED.values() for facet in entry.facets}
