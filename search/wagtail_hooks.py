from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import PERMISSION, IndexStatusView


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
