"""Admin for the reference territories and the "Make member" action.

The reference rows come from Etalab's official dataset through the import command,
which updates names and populations on every run: an edit made in the admin would
drift from the official codes or be overwritten silently. So the admin shows them
read-only (listing, filters, inspect view), and offers one action on them: make a
territory a member. What a member publishes about itself (presentation, contact,
logo) lives on its TerritoryPage, edited with the page editor.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from .models import Territory
from .views import MakeMemberView, can_make_member, member_page_of


class ReferenceTerritoryPermissionPolicy(ModelPermissionPolicy):
    """Territories are viewed in the admin, never added, changed or deleted there.

    `change_territory` still matters: it is the permission to make a territory a
    member (see `views.can_make_member`).
    """

    read_only_actions = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.read_only_actions:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = set(actions) - self.read_only_actions
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


register_permission_policy(Territory, ReferenceTerritoryPermissionPolicy(Territory))


def member_buttons(territory: Territory, user) -> list:
    """ "Make member" for a non-member, a link to the member page otherwise."""
    page = member_page_of(territory)
    if page is not None:
        return [
            Button(
                _("Edit member page"),
                url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                icon_name="doc-empty-inverse",
                priority=5,
            )
        ]
    if can_make_member(user):
        return [
            Button(
                _("Make member"),
                url=reverse(
                    "wagtailsnippets_territories_territory:make_member",
                    args=[territory.pk],
                ),
                icon_name="group",
                priority=5,
            )
        ]
    return []


class TerritoryFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Territory.Kind.choices, empty_label=_("All kinds")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name"),
        method="filter_region",
        empty_label=_("All regions"),
    )
    is_member = django_filters.BooleanFilter(
        label=_("Member of RTES"),
        field_name="member_page",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Territory
        fields = ["kind", "region", "is_member"]

    def filter_region(self, queryset, name, value):
        # A région lies "in" itself, so that filtering by it keeps it in the list.
        return queryset.filter(Q(region=value) | Q(pk=value.pk))


class TerritoryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        return member_buttons(instance, self.request.user) + buttons


class TerritoryInspectView(InspectView):
    def get_header_buttons(self):
        return [
            HeaderButton(button.label, url=button.url, icon_name=button.icon_name)
            for button in member_buttons(self.object, self.request.user)
        ] + super().get_header_buttons()

    def get_member_page_display_value(self):
        page = member_page_of(self.object)
        return page.title if page else _("Not a member")


class TerritoryViewSet(SnippetViewSet):
    """Reference territories: read-only listing and inspect view, "Make member"."""

    model = Territory
    icon = "site"
    menu_label = _("Reference territories")
    menu_name = "reference_territories"
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = TerritoryIndexView
    inspect_view_class = TerritoryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = TerritoryFilterSet
    list_display = [
        "name",
        Column("kind_label", label=_("Kind"), sort_key="kind"),
        Column("code", label=_("Official code"), sort_key="code"),
        Column("region", label=_("Region")),
        StatusFlagColumn(
            "is_member",
            label=_("Member"),
            accessor=lambda territory: member_page_of(territory) is not None,
            true_label=_("Member"),
        ),
    ]
    list_per_page = 50
    search_fields = ["name", "code", "siren"]
    inspect_view_fields = [
        "name",
        "kind",
        "epci_type",
        "code",
        "siren",
        "population",
        "region",
        "departement",
        "epci",
        "member_page",
    ]

    def get_queryset(self, request):
        # The member page and the région are shown on every row.
        return Territory.objects.select_related("region", "member_page")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "make-member/<int:pk>/",
                MakeMemberView.as_view(),
                name="make_member",
            ),
        ]


register_snippet(TerritoryViewSet)
