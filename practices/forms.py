"""The admin form of a practice page."""

import re
from itertools import groupby
from operator import attrgetter

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from territories.media import ScopedMediaPageForm
from territories.models import NOT_REGIONS_OR_DEPARTEMENTS, Territory, TerritoryPage
from territories.text import alphabetical

from .fields import FrenchDateField

DATE_FIELDS = ("start_date", "end_date", "last_reviewed")
TAXONOMY_FIELDS = ("themes", "levers", "audiences")
# A bare number of staff ("2", "1,5") is a number of full-time equivalents.
BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
NAME = attrgetter("name")


def real_partner_territories(linked=()):
    """Territories a practice may name as partners, members first.

    Régions, départements, EPCI and member communes (some 1,400 of the 35,000
    entities: a list of every commune would weigh megabytes), never the
    overseas collectivities, the TAAF or Clipperton that the official dataset
    files as pseudo-régions and pseudo-départements, nor their communes.
    Territories the practice already links to stay offered.
    """
    pseudo = Q(
        kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT],
        code__in=NOT_REGIONS_OR_DEPARTEMENTS,
    ) | Q(departement__code__in=NOT_REGIONS_OR_DEPARTEMENTS)
    offered = (~Q(kind=Territory.Kind.COMMUNE) | Q(member_page__isnull=False)) & ~pseudo
    return Territory.objects.filter(offered | Q(pk__in=list(linked))).annotate(
        is_member=Exists(TerritoryPage.objects.filter(territory=OuterRef("pk")))
    )


SCALES = [
    Territory.Kind.REGION,
    Territory.Kind.DEPARTEMENT,
    Territory.Kind.EPCI,
    Territory.Kind.COMMUNE,
]
SCALE_HEADINGS = {
    Territory.Kind.REGION: _("Regions"),
    Territory.Kind.DEPARTEMENT: _("Departments"),
    Territory.Kind.EPCI: _("Intermunicipalities"),
    Territory.Kind.COMMUNE: _("Municipalities"),
}


def grouped_partner_choices(territories) -> list:
    """Choices for the partner territories: RTES members, then by scale."""
    members = alphabetical([t for t in territories if t.is_member], NAME)
    others = sorted(
        (t for t in territories if not t.is_member), key=lambda t: SCALES.index(t.kind)
    )
    groups = [(_("RTES member territories"), members)] if members else []
    for kind, items in groupby(others, key=lambda t: t.kind):
        groups.append((SCALE_HEADINGS[kind], alphabetical(items, NAME)))
    return [(heading, [(t.pk, str(t)) for t in items]) for heading, items in groups]


def french_date(field: forms.Field) -> FrenchDateField:
    """A date field read the French way, with the label and help of `field`."""
    return FrenchDateField(
        label=field.label, required=field.required, help_text=field.help_text
    )


def has_dates(form_class) -> bool:
    return any(type(f) is forms.DateField for f in form_class.base_fields.values())


class FrenchDatesMixin:
    """A model form whose dates read the French way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if type(field) is forms.DateField:
                self.fields[name] = french_date(field)


class PracticePageFormMetaclass(type(ScopedMediaPageForm)):
    """The items of the inline panels (a document and its date...) read their
    dates the French way too.

    Wagtail gives each inline panel's formset a form class of its own (built
    from the panel's fields); the formsets of each new form class get that form
    with `FrenchDatesMixin` in front.
    """

    def __new__(mcs, name, bases, attrs):
        form_class = super().__new__(mcs, name, bases, attrs)
        for formset in getattr(form_class, "formsets", {}).values():
            if has_dates(formset.form) and not issubclass(
                formset.form, FrenchDatesMixin
            ):
                formset.form = type(formset.form)(
                    formset.form.__name__,
                    (FrenchDatesMixin, formset.form),
                    {"__module__": __name__},
                )
        return form_class


class PracticePageForm(ScopedMediaPageForm, metaclass=PracticePageFormMetaclass):
    """The practice editor as a territory officer expects it.

    Dates read the French way (`FrenchDateField`), in the inline panels too
    (`PracticePageFormMetaclass`); taxonomies are checkbox lists with a filter box and,
    for each term, how many published practices use it, so that an officer sees
    the terms the network already uses; the partner territories are real ones,
    RTES members first; media are scoped.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATE_FIELDS:
            if field := self.fields.get(name):
                self.fields[name] = french_date(field)
        for name in TAXONOMY_FIELDS:
            if field := self.fields.get(name):
                self._count_uses(field)
        if field := self.fields.get("partner_territories"):
            self._offer_real_partners(field)

    @staticmethod
    def _count_uses(field) -> None:
        field.queryset = field.queryset.annotate(
            practice_count=Count(
                "practicepage", filter=Q(practicepage__live=True), distinct=True
            )
        ).order_by("name")
        field.label_from_instance = lambda term: (
            ngettext(
                "%(name)s (%(count)s practice)",
                "%(name)s (%(count)s practices)",
                term.practice_count,
            )
            % {"name": term.name, "count": term.practice_count}
        )
        # The same list again, in the order a French reader expects.
        field.widget.choices = [
            (term.pk, field.label_from_instance(term))
            for term in alphabetical(field.queryset, NAME)
        ]

    def _offer_real_partners(self, field) -> None:
        # modelcluster's related manager: the links of the form's instance,
        # which may not be saved yet.
        linked = (
            [t.pk for t in self.instance.partner_territories.all()]
            if self.instance.pk
            else []
        )
        field.queryset = real_partner_territories(linked)
        territories = list(field.queryset)
        field.widget.choices = grouped_partner_choices(territories)
        if hasattr(field.widget, "shortlist"):
            field.widget.shortlist = {str(t.pk) for t in territories if t.is_member}

    def is_valid(self):
        valid = super().is_valid()
        # An inline form posted empty is skipped (cleaned_data == {}); when the
        # page form has errors, Wagtail's InlinePanel then sorts the forms by
        # `cleaned_data["ORDER"]` and fails with a KeyError (a 500) on it.
        for formset in self.formsets.values():
            if formset.can_order:
                for form in formset.forms:
                    if getattr(form, "cleaned_data", None) is not None:
                        form.cleaned_data.setdefault(ORDERING_FIELD_NAME, None)
        return valid

    def clean_staff(self):
        """ "2" or "1,5" alone means full-time equivalents: say so."""
        staff = (self.cleaned_data.get("staff") or "").strip()
        if BARE_NUMBER.fullmatch(staff):
            staff = f"{staff} ETP"
        return staff
