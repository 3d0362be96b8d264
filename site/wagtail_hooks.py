"""Admin-wide rules; the page-types report is replaced in `urls`; the editorial
team's count of the messages to contacts."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .contact_counts import ContactCountsReport, may_see_counts
from .lockouts import AccessAttemptViewSet
from .page_visibility import visible_pages


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_of_others(pages, request):
    return visible_pages(pages, request.user)


@hooks.register("register_admin_viewset")
def register_blocked_signins():
    return AccessAttemptViewSet("blocked_signins")


@hooks.register("register_admin_urls")
def register_contact_counts_urls():
    return [
        path(
            "messages-contacts/", ContactCountsReport.as_view(), name="contact_counts"
        ),
        path(
            "messages-contacts/results/",
            ContactCountsReport.as_view(results_only=True),
            name="contact_counts_results",
        ),
    ]


class ContactCountsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_counts(request.user)


@hooks.register("register_reports_menu_item")
def register_contact_counts_menu_item():
    return ContactCountsMenuItem(
        _("Messages to contacts"),
        reverse("contact_counts"),
        icon_name="mail",
        order=950,
    )
