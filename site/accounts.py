"""Signing in and out: the members' pages on the site, and the admin's sign-out.

Members sign in on a page of the site (/connexion/), not on the admin's: they
have no admin access. django-axes counts its failures as it does the admin's,
since both go through `authenticate()` with the request (AxesStandaloneBackend).
Signing out is by POST only, as Django's own LogoutView requires.

Wagtail's LogoutView deletes the session cookie on any method, even answering a
GET with 405: the browser forgot the session while the server kept it valid.
"""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from .forms import MemberAuthenticationForm


class LogoutView(WagtailLogoutView):
    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)


def home_url() -> str:
    """The home page in the current language ("/" or "/en/")."""
    return reverse("wagtail_serve", args=[""])


class MemberLoginView(auth_views.LoginView):
    """Django's sign-in, in the site's own page."""

    template_name = "rtes_site/login.html"
    authentication_form = MemberAuthenticationForm
    redirect_authenticated_user = False
    extra_context = {"title": _("Member sign-in")}

    def get_default_redirect_url(self):
        return home_url()

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class MemberLogoutView(auth_views.LogoutView):
    """Sign out (POST only) and go back to the home page."""

    def get_default_redirect_url(self):
        return home_url()
