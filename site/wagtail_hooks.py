"""Admin-wide rules; the page-types report is replaced in `urls`."""

from wagtail import hooks

from .lockouts import AccessAttemptViewSet
from .page_visibility import visible_pages


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_of_others(pages, request):
    return visible_pages(pages, request.user)


@hooks.register("register_admin_viewset")
def register_blocked_signins():
    return AccessAttemptViewSet("blocked_signins")
