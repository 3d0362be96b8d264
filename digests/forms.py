"""Forms of the subscription pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from practices.models import Lever, Theme
from search.facets import ASCII_ID
from territories.models import Territory
from territories.text import alphabetical

from .subscriptions import Target

# More boxes than any honest visitor ticks: refuse before touching the database.
MAX_CHOICES = 100


class CappedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of model rows, refusing oversized lists before any query."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        if value and len(value) > MAX_CHOICES:
            raise ValidationError(_("Too many choices."), code="too_many")
        # Ids the database cannot hold (SQLite: OverflowError) are refused as
        # unknown, as are digits int() refuses ("²").
        if value and self.to_field_name is None:
            for pk in value:
                if not ASCII_ID.fullmatch(str(pk)):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)


def member_territories():
    """Member territories with a live page; régions have their own list."""
    return Territory.objects.filter(member_page__live=True).exclude(
        kind=Territory.Kind.REGION
    )


def regions():
    """The régions of the network: members, or holding a member territory (no
    Clipperton, no TAAF)."""
    members = Territory.objects.filter(member_page__live=True)
    return Territory.objects.filter(kind=Territory.Kind.REGION).filter(
        Q(pk__in=members.values("pk")) | Q(pk__in=members.values("region"))
    )


class AlphabeticalChoices(ModelChoiceIterator):
    """Choices in French alphabetical order, whatever the database's collation."""

    def __iter__(self):
        for item in alphabetical(self.queryset, name=self.field.label_from_instance):
            yield self.choice(item)


class AlphabeticalChoiceField(CappedMultipleChoiceField):
    iterator = AlphabeticalChoices


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We use it only to send you the digest. No other use, ever."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SubscribeForm(EmailForm):
    """An address and the themes, levers, territories and régions to follow."""

    themes = CappedMultipleChoiceField(
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Themes"),
    )
    levers = CappedMultipleChoiceField(
        queryset=Lever.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Levers of public action"),
    )
    regions = AlphabeticalChoiceField(
        queryset=regions(), to_field_name="code", required=False, label=_("Regions")
    )
    territories = AlphabeticalChoiceField(
        queryset=member_territories(), required=False, label=_("Member territories")
    )

    TARGET_FIELDS = ("themes", "levers", "regions", "territories")

    def __init__(self, *args, with_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_email:
            del self.fields["email"]

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(n) for n in self.TARGET_FIELDS):
            raise ValidationError(
                _("Choose at least one theme, lever, region or territory to follow."),
                code="empty",
            )
        return data

    def targets(self) -> list[Target]:
        return [
            Target.of(obj)
            for name in self.TARGET_FIELDS
            for obj in self.cleaned_data.get(name, ())
        ]

    @classmethod
    def initial_from(cls, params) -> dict:
        """Boxes to tick from a follow link (?theme=slug&territory=id...)."""

        def listed(name):
            return [v for v in params.getlist(name)[:MAX_CHOICES] if len(v) <= 120]

        ids = [
            int(v)
            for v in listed("territory")
            if v.isascii() and v.isdigit() and len(v) < 12
        ]
        chosen = Territory.objects.filter(pk__in=ids)
        return {
            "themes": Theme.objects.filter(slug__in=listed("theme")),
            "levers": Lever.objects.filter(slug__in=listed("lever")),
            "regions": regions().filter(code__in=listed("region"))
            | regions().filter(pk__in=chosen.values("pk")),
            "territories": chosen.exclude(kind=Territory.Kind.REGION),
        }


class ChooseTargetsForm(SubscribeForm):
    """The same choices without the address (a signed-in user's own page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, with_email=False, **kwargs)
