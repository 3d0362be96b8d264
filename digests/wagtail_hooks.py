"""Admin entry points of the digests, for the RTES editorial team only."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_digest_admin_urls():
    return [
        path("lettres/", admin_views.OverviewView.as_view(), name="digests_admin"),
        path(
            "lettres/periode/<str:period>/",
            admin_views.PeriodView.as_view(),
            name="digests_admin_period",
        ),
        path(
            "lettres/envoi/<int:pk>/renvoyer/",
            admin_views.ResendView.as_view(),
            name="digests_admin_resend",
        ),
        path(
            "lettres/abonne/<int:pk>/",
            admin_views.SubscriberView.as_view(),
            name="digests_admin_subscriber",
        ),
        path(
            "lettres/abonne/<int:pk>/apercu/<str:period>/",
            admin_views.PreviewHtmlView.as_view(),
            name="digests_admin_preview_html",
        ),
    ]


class DigestsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_digests(request.user)


@hooks.register("register_admin_menu_item")
def register_digests_menu_item():
    return DigestsMenuItem(
        _("Weekly digests"), reverse("digests_admin"), icon_name="mail", order=850
    )
