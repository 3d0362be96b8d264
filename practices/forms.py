"""The admin form of a practice page."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from territories.media import ScopedMediaPageForm
from territories.models import Territory


class PracticePageForm(ScopedMediaPageForm):
    """Offers partner territories a person can pick from a list; media are scoped.

    The reference data holds some 35,000 communes: a select with all of them
    would weigh megabytes. Régions, départements, EPCI and member territories
    (about 1,400) are offered, plus whatever the practice already links to;
    other communes can be named as partners.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("partner_territories")
        if field is None:
            return
        linked = self.instance.partner_territories.all() if self.instance.pk else []
        field.queryset = Territory.objects.filter(
            ~Q(kind=Territory.Kind.COMMUNE)
            | Q(member_page__isnull=False)
            | Q(pk__in=[t.pk for t in linked])
        ).order_by("kind", "name")
        field.help_text = _(
            "Régions, départements, intercommunalités and member communes. "
            "Name other municipalities in the partners above."
        )
