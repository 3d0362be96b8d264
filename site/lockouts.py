"""Blocked sign-ins (django-axes): the lockout page, and the editorial unlock.

django-axes counts wrong passwords per username and per address; its own
screens live in the Django admin, which this site does not have. Here the
editorial team sees the current attempts in Wagtail's admin and unblocks one by
deleting it (which is what `axes_reset` does), with the `delete_accessattempt`
permission that `bootstrap.editorial_group` grants.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet


def lockout_response(request, original_response=None, credentials=None):
    """The French page a blocked sign-in gets (AXES_LOCKOUT_CALLABLE), a 429."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "rtes_site/login_locked.html", context, status=429)


class UnblockView(DeleteView):
    page_title = _("Unblock sign-in")
    success_message = _("Sign-in unblocked for “%(object)s”.")

    def get_success_message(self):
        return self.success_message % {"object": self.object}


class AccessAttemptViewSet(ModelViewSet):
    """Recent failed sign-ins; deleting one unblocks the username and address."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Blocked sign-ins")
    menu_name = "blocked_signins"
    menu_order = 900
    add_to_settings_menu = True
    delete_view_class = UnblockView
    form_fields = ["username"]  # required by the viewset; nobody may add or edit
    list_display = [
        "username",
        "ip_address",
        Column("failures_since_start", label=_("Failed sign-ins")),
        DateColumn("attempt_time", label=_("Last attempt")),
    ]
    ordering = ["-attempt_time"]
    search_fields = ["username", "ip_address"]
    copy_view_enabled = False
    inspect_view_enabled = False
