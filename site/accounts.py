"""Signing out of the admin: by POST only, and the server session ends.

Wagtail's LogoutView deletes the session cookie on any method, even answering a
GET with 405: the browser forgot the session while the server kept it valid.
"""

from django.http import HttpResponseNotAllowed
from wagtail.admin.views.account import LogoutView as WagtailLogoutView


class LogoutView(WagtailLogoutView):
    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)
