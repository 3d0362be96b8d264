""" "Toujours d'actualité": an editor confirms a stale practice is still current.

A GET shows the question and changes nothing; the POST (CSRF-checked, as every
admin POST) records today as the review date. Only those who may edit the page
(its territory's editors, the editorial team) may do either: anyone else gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .freshness import checked_on, mark_current
from .models import PracticePage


class MarkCurrentView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "practices/admin/mark_current.html"
    page_title = gettext_lazy("Still current")
    header_icon = "calendar-check"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(PracticePage, pk=kwargs["page_id"])
        if not self.page.permissions_for_user(request.user).can_edit():
            # A plain 403: Wagtail would turn a raised PermissionDenied into a
            # redirect to the dashboard, hiding the refusal from scripts.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return reverse("wagtailadmin_explore", args=[self.page.get_parent().pk])

    def get_page_subtitle(self):
        return self.page.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            checked_on=checked_on(self.page),
            next_url=self.next_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        mark_current(self.page.pk)
        messages.success(
            request,
            _("“%(title)s” is marked as still current today.")
            % {"title": self.page.title},
        )
        return redirect(self.next_url())
