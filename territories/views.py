"""Admin views for reference and member territories."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .forms import MakeMemberForm
from .models import Territory, TerritoryIndexPage, TerritoryPage

MAKE_MEMBER_PERMISSION = "territories.change_territory"


def can_make_member(user) -> bool:
    """Whether the user may make a territory a member (RTES editorial team)."""
    return user.is_active and user.has_perm(MAKE_MEMBER_PERMISSION)


def member_page_of(territory: Territory) -> TerritoryPage | None:
    """The territory's member page, or None when it is not a member."""
    try:
        return territory.member_page
    except TerritoryPage.DoesNotExist:
        return None


class MakeMemberView(WagtailAdminTemplateMixin, FormView):
    """Make a reference territory a member: its page, editors' group and collection."""

    form_class = MakeMemberForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = _("Make member")
    header_icon = "group"
    index_url_name = "wagtailsnippets_territories_territory:list"
    inspect_url_name = "wagtailsnippets_territories_territory:inspect"

    def dispatch(self, request, *args, **kwargs):
        if not can_make_member(request.user):
            raise PermissionDenied
        self.territory = get_object_or_404(Territory, pk=kwargs["pk"])
        page = member_page_of(self.territory)
        if page is not None:
            messages.info(
                request,
                _("%(territory)s is already a member.")
                % {"territory": self.territory.name},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.territory)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {
                "url": reverse(self.index_url_name),
                "label": Territory._meta.verbose_name_plural.capitalize(),
            },
            {
                "url": reverse(self.inspect_url_name, args=[self.territory.pk]),
                "label": self.territory.name,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=_("Make member"),
            submit_button_active_label=_("Creating the member page…"),
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        if not TerritoryIndexPage.objects.exists():
            # Only before `setup_site` has run; say so rather than fail.
            form.add_error(
                None,
                _("The territories index page does not exist yet: set up the site."),
            )
            return self.form_invalid(form)
        try:
            page = services.make_member(self.territory, **form.cleaned_data)
        except IntegrityError:
            # Two submissions raced and the other one won: show its page.
            page = get_object_or_404(TerritoryPage, territory=self.territory)
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.success(
            self.request,
            _(
                "%(territory)s is now a member: its page, its editors' group and "
                "its media collection were created."
            )
            % {"territory": self.territory.name},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
