"""The territory editor's panel on the admin dashboard: create a practice, and
the practices of their territory that wait for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.middleware.csrf import get_token
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState, get_default_page_content_type

from territories.models import TerritoryIndexPage, TerritoryPage

from .freshness import stale_filter, under_territories
from .models import PracticePage

SHOWN_PER_LIST = 10


@dataclass
class PracticeList:
    """One list of the panel: its practices (the first few) and how many in all."""

    heading: str
    empty: str
    practices: list = field(default_factory=list)
    count: int = 0
    # Each practice gets a "Toujours d'actualité" button.
    may_mark_current: bool = False

    def add(self, practice) -> None:
        self.count += 1
        if len(self.practices) < SHOWN_PER_LIST:
            self.practices.append(practice)


def editor_territories(user) -> list[TerritoryPage]:
    """The member territory pages whose editors' group `user` belongs to."""
    return list(
        TerritoryPage.objects.filter(editors_group__in=user.groups.all())
        .order_by("title")
        .only("pk", "title", "path", "depth")
    )


def waiting_practices(territories, now=None) -> dict[str, PracticeList]:
    """Drafts, practices in moderation and stale practices under `territories`,
    in one query."""
    lists = {
        "drafts": PracticeList(
            _("Your drafts"), _("No draft waiting: everything is published.")
        ),
        "moderation": PracticeList(
            _("Submitted for review"), _("Nothing is waiting for the RTES team.")
        ),
        "stale": PracticeList(
            _("Not updated for 18 months"),
            _("Every published practice is recent."),
            may_mark_current=True,
        ),
    }
    if not territories:
        return lists
    in_moderation = Exists(
        WorkflowState.objects.active().filter(
            base_content_type_id=get_default_page_content_type().pk,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )
    practices = (
        PracticePage.objects.filter(under_territories(territories))
        .annotate(in_moderation=in_moderation)
        .filter(
            Q(has_unpublished_changes=True) | Q(in_moderation=True) | stale_filter(now)
        )
        .order_by("-latest_revision_created_at", "pk")
        .only(
            "pk",
            "title",
            "live",
            "has_unpublished_changes",
            "last_reviewed",
            "last_published_at",
            "latest_revision_created_at",
        )
    )
    for practice in practices:
        if practice.in_moderation:
            lists["moderation"].add(practice)
        elif practice.has_unpublished_changes:
            lists["drafts"].add(practice)
        else:
            lists["stale"].add(practice)
    lists["stale"].practices.reverse()  # the oldest first
    return lists


class EditorPanel(Component):
    """ "Créer une fiche pratique" and the territory's practices that wait."""

    name = "rtes_editor"
    template_name = "practices/admin/editor_panel.html"
    order = 50  # above Wagtail's own panels

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        territories = editor_territories(user)
        index = None if territories else TerritoryIndexPage.objects.only("pk").first()
        return {
            "territories": territories,
            "territory_index": index,
            "lists": list(waiting_practices(territories).values()),
            # Rendered without the request: the forms need the token given.
            "csrf_token": get_token(request),
            "next_url": request.get_full_path(),
        }
