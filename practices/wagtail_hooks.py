"""Admin for the taxonomies (ESS themes, levers and audiences, under one menu),
and who may download a practice's documents.

Who may add, change or delete terms is decided by the model permissions
(`add_theme`...), which `rtes_site.bootstrap.editorial_group` grants to the RTES
editorial team only; territory editors have none and get 403 here.
"""

from django.db.models import Count
from django.http import Http404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from territories.media import may_see

from . import freshness
from .admin_views import MarkCurrentView
from .dashboard import EditorPanel
from .models import Audience, Lever, PracticeDocument, PracticePage, Theme


class BaseTaxonomyViewSet(SnippetViewSet):
    """Listing with search, sortable columns and how many practices use each term."""

    list_display = [
        "name",
        "slug",
        Column(
            "practice_count",
            label=_("Practices"),
            sort_key="practice_count",
        ),
    ]
    # A few dozen terms: the ORM's `icontains` is enough, and unlike the search
    # backend it lets the results be sorted by the annotated count.
    search_backend_name = None
    search_fields = ["name", "slug", "description"]
    ordering = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        # Counts the practices whose stored version links to the term (the live
        # version of published pages); unpublished edits live in revisions only.
        return self.model._default_manager.annotate(
            practice_count=Count("practicepage", distinct=True)
        )


class ThemeViewSet(BaseTaxonomyViewSet):
    model = Theme
    icon = "tag"


class LeverViewSet(BaseTaxonomyViewSet):
    model = Lever
    icon = "cogs"


class AudienceViewSet(BaseTaxonomyViewSet):
    model = Audience
    icon = "group"


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    """The "Taxonomies" menu of the admin."""

    items = (ThemeViewSet, LeverViewSet, AudienceViewSet)
    menu_label = _("Taxonomies")
    menu_icon = "tag"
    menu_name = "taxonomies"
    menu_order = 300


register_snippet(TaxonomyViewSetGroup)


@hooks.register("before_serve_document")
def serve_only_public_or_permitted_documents(document, request):
    """A document is public once a live, public practice links to it.

    Until then, and once no such page links to it any more, only the people
    who may choose or change it (its territory's editors, the editorial team)
    can download it; for anyone else it does not exist.
    """
    public = PracticeDocument.objects.filter(
        document=document, page__in=PracticePage.objects.live().public()
    )
    if not public.exists() and not may_see(request.user, document):
        raise Http404


@hooks.register("construct_homepage_panels")
def add_editor_panel(request, panels):
    """Territory staff land on what they came for: create or finish a practice."""
    panels.append(EditorPanel())


@hooks.register("insert_global_admin_css")
def editor_css():
    """The editor's widgets and dashboard panel (loaded on every admin page, since
    inline panels add widgets after the page has loaded)."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-editor.css")
    )


@hooks.register("register_admin_urls")
def register_mark_current_url():
    return [
        path(
            "fiches/<int:page_id>/toujours-d-actualite/",
            MarkCurrentView.as_view(),
            name="practices_mark_current",
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def mark_current_button(page, user, next_url=None):
    """ "Toujours d'actualité" on a stale practice the user may edit (the link
    opens a confirmation; only its POST records the review)."""
    if not (isinstance(page, PracticePage) and freshness.is_stale(page)):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    url = reverse("practices_mark_current", args=[page.pk])
    if next_url:
        url += "?" + urlencode({"next": next_url})
    yield Button(_("Still current"), url, icon_name="calendar-check", priority=5)
