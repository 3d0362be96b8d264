from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import PERMISSION, IndexStatusView
from .models import Synonym


@hooks.register("register_admin_urls")
def register_index_status_url():
    return [
        path("index-recherche/", IndexStatusView.as_view(), name="search_index_status")
    ]


class IndexStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_index_status_menu_item():
    return IndexStatusMenuItem(
        _("Search index"), reverse("search_index_status"), icon_name="search", order=900
    )


class SynonymViewSet(SnippetViewSet):
    """The synonyms every search applies; the editorial team edits them."""

    model = Synonym
    icon = "list-ul"
    menu_label = _("Search synonyms")
    menu_name = "search_synonyms"
    add_to_settings_menu = True
    list_display = ["terms"]
    search_fields = ["terms"]
    search_backend_name = None  # a hundred rows: the ORM's icontains
    copy_view_enabled = False


register_snippet(SynonymViewSet)
