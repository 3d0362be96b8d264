"""Practice pages ("fiches pratiques"), their taxonomies and the catalogue page."""

from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from territories.media import RICH_TEXT_FEATURES
from territories.models import Territory, TerritoryPage
from territories.text import alphabetical

from .blocks import DescriptionBlock, StepsBlock
from .fields import FilterableCheckboxSelectMultiple, SpacedNumberInput
from .forms import PracticePageForm
from .panels import InspirationsPanel

# --- Taxonomies (snippets managed by the editorial team) ----


class BaseTaxonomy(index.Indexed, models.Model):
    """A controlled vocabulary term: practices link to terms, never to free text."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(BaseTaxonomy):
    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("ESS theme")
        verbose_name_plural = _("ESS themes")


class Lever(BaseTaxonomy):
    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("lever of public action")
        verbose_name_plural = _("levers of public action")


class Audience(BaseTaxonomy):
    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("target audience")
        verbose_name_plural = _("target audiences")


# --- The practice page ----


class PracticePage(Page):
    """A case study of an ESS support measure, published by a member territory."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    summary = models.TextField(_("short summary"), max_length=600)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = RichTextField(
        _("context and challenge"), blank=True, features=RICH_TEXT_FEATURES
    )
    objectives = RichTextField(_("objectives"), blank=True, features=RICH_TEXT_FEATURES)
    description = StreamField(
        DescriptionBlock(), verbose_name=_("description of the measure"), blank=True
    )
    steps = StreamField(
        StepsBlock(), verbose_name=_("implementation steps"), blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ONGOING
    )
    budget = models.PositiveIntegerField(_("budget (euros)"), null=True, blank=True)
    staff = models.CharField(
        _("staff"), max_length=255, blank=True, help_text=_("e.g. “2 FTE”")
    )
    funding_sources = models.TextField(_("funding sources"), blank=True)
    results = RichTextField(
        _("results and evidence"), blank=True, features=RICH_TEXT_FEATURES
    )
    lessons = RichTextField(
        _("difficulties and lessons learned"), blank=True, features=RICH_TEXT_FEATURES
    )
    transferability = RichTextField(
        _("conditions for transfer"), blank=True, features=RICH_TEXT_FEATURES
    )
    contact_name = models.CharField(_("contact name"), max_length=255, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    levers = ParentalManyToManyField(
        Lever, verbose_name=_("levers of public action"), blank=True
    )
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("target audiences"), blank=True
    )
    partner_territories = ParentalManyToManyField(
        "territories.Territory",
        verbose_name=_("partner territories"),
        blank=True,
        related_name="partner_practices",
    )

    # Denormalised from the parent TerritoryPage (see `sync_territory`) so
    # that listings filter by territory kind and région without walking the tree.
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="practices",
    )
    # Identifier in an imported dataset: `import_practices` is idempotent by it.
    external_id = models.CharField(
        _("external id"), max_length=100, unique=True, null=True, blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel(
            "summary",
            help_text=_(
                "Two or three sentences that say what the measure does and for "
                "whom. They show in search results and in the e-mail digests."
            ),
        ),
        FieldPanel(
            "image",
            help_text=_(
                "A photo of the measure, from your territory's collection; you must "
                "hold the rights to it."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=FilterableCheckboxSelectMultiple),
                FieldPanel("levers", widget=FilterableCheckboxSelectMultiple),
                FieldPanel("audiences", widget=FilterableCheckboxSelectMultiple),
            ],
            heading=_("Classification"),
            help_text=_(
                "Tick every term that fits: visitors find practices by them. The "
                "number after a term is how many published practices use it."
            ),
        ),
        FieldPanel(
            "context",
            help_text=_(
                "The situation before the measure: the territory, its needs, the "
                "problem the measure answers."
            ),
        ),
        FieldPanel(
            "objectives",
            help_text=_("What the measure aims for, in measurable terms if you can."),
        ),
        FieldPanel(
            "description",
            help_text=_(
                "How the measure works. Add headings, paragraphs, images and "
                "quotes with the “+” button."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("start_date"),
                        FieldPanel("end_date"),
                        FieldPanel("status"),
                    ]
                ),
                FieldPanel(
                    "steps",
                    help_text=_("The main stages, in order, each with its period."),
                ),
            ],
            heading=_("Implementation"),
            help_text=_(
                "Type dates as dd/mm/yyyy (01/09/2026) or in words (1 septembre "
                "2026); a month alone (septembre 2026) means its first day. Leave "
                "the end date empty while the measure runs."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "budget",
                    widget=SpacedNumberInput(unit="€"),
                    help_text=_(
                        "Yearly budget in euros, e.g. “120 000”; spaces are fine."
                    ),
                ),
                FieldPanel(
                    "staff",
                    help_text=_(
                        "People assigned, in full-time equivalents (ETP), e.g. "
                        "“1,5 ETP”."
                    ),
                ),
                FieldPanel(
                    "funding_sources",
                    help_text=_(
                        "Who pays: your own budget, the State, the région, "
                        "European funds…"
                    ),
                ),
            ],
            heading=_("Resources"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("partners", label=_("partner")),
                FieldPanel(
                    "partner_territories",
                    widget=FilterableCheckboxSelectMultiple,
                    help_text=_(
                        "RTES member territories come first; type a name to find a "
                        "région, a département or an intercommunality. Name other "
                        "municipalities in the partners above."
                    ),
                ),
            ],
            heading=_("Partners"),
            help_text=_(
                "The structures you work with (ESS structures, companies, public "
                "bodies) and the territories that take part."
            ),
        ),
        FieldPanel(
            "results",
            help_text=_(
                "What the measure achieved: figures, evaluations, testimonies."
            ),
        ),
        InlinePanel(
            "indicators",
            label=_("indicator"),
            heading=_("Indicators"),
            help_text=_(
                "Figures with their unit and year, e.g. 12 000 hours of "
                "integration work in 2024."
            ),
        ),
        FieldPanel(
            "lessons",
            help_text=_(
                "What was hard and what you would do differently: what another "
                "territory most wants to know."
            ),
        ),
        FieldPanel(
            "transferability",
            help_text=_(
                "What another territory needs to do the same: size, partners, "
                "budget, time."
            ),
        ),
        InspirationsPanel(
            "inspirations",
            panels=[
                FieldPanel(
                    "source",
                    help_text=_(
                        "A published practice of any territory; search it by its "
                        "title in the chooser."
                    ),
                ),
                FieldPanel("note"),
            ],
            label=_("inspiration"),
            heading=_("Inspired by"),
            help_text=_(
                "The practices of other territories you adapted, each with a note on "
                "what you took and what you changed. They show on both practices "
                "once published; the original's followers hear of it by e-mail."
            ),
        ),
        InlinePanel(
            "documents",
            label=_("document"),
            heading=_("Documents"),
            help_text=_(
                "Deliberations, specifications (CCTP), agreements, evaluations, "
                "guides, from your territory's collection. The text of PDF files is "
                "searched too: other territories find your practice by it."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
            ],
            heading=_("Contact (shown to signed-in members only)"),
            help_text=_("The person other members may ask about the measure."),
        ),
        FieldPanel(
            "last_reviewed",
            help_text=_("When you last checked that this practice is up to date."),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("objectives"),
        index.SearchField("description"),
        index.SearchField("results"),
    ]

    base_form_class = PracticePageForm
    parent_page_types = ["territories.TerritoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def sync_territory(self) -> None:
        """Take the territory of the member territory page this practice sits under
        (not in the tree yet: `add_child` saves again once it is placed)."""
        if self.path:
            self.territory_id = (
                TerritoryPage.objects.filter(path=self.path[: -self.steplen])
                .values_list("territory_id", flat=True)
                .first()
            )

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "The end date comes before the start date (%(start)s)."
                    )
                    % {"start": self.start_date.strftime("%d/%m/%Y")}
                }
            )

    def save(self, *args, **kwargs):
        self.sync_territory()
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["territory_page"] = self.get_parent()
        named = attrgetter("name")
        context["themes"] = alphabetical(self.themes.all(), named)
        context["levers"] = alphabetical(self.levers.all(), named)
        context["audiences"] = alphabetical(self.audiences.all(), named)
        context["partners"] = list(self.partners.all())
        context["partner_territories"] = alphabetical(
            self.partner_territories.select_related("member_page"), named
        )
        context["indicators"] = list(self.indicators.all())
        context["documents"] = list(
            self.documents.select_related("document").order_by("sort_order", "pk")
        )
        # The contact is for signed-in members only; the template reads it from
        # `contact`, which signed-out visitors never get. Its address is never
        # shown: members write through the site's form (`practice_contact_form`).
        context["show_contact"] = request.user.is_authenticated
        context["contact"] = (
            {"name": self.contact_name, "role": self.contact_role}
            if context["show_contact"]
            and (self.contact_name or self.contact_email or self.contact_role)
            else None
        )
        return context


class PracticePartner(Orderable):
    """A partner of the measure: an ESS structure, a company, a public body..."""

    class Kind(models.TextChoices):
        ESS = "ess", _("ESS structure")
        PUBLIC = "public", _("Public body")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.ESS
    )
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("website")]

    def __str__(self):
        return self.name


class PracticeIndicator(Orderable):
    """A quantitative result: 120 people hired, 15 % of purchases with a clause..."""

    page = ParentalKey(
        PracticePage, on_delete=models.CASCADE, related_name="indicators"
    )
    label = models.CharField(_("label"), max_length=255)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    panels = [
        FieldPanel("label"),
        FieldRowPanel(
            [
                FieldPanel("value", widget=SpacedNumberInput()),
                FieldPanel("unit"),
                FieldPanel("year"),
            ]
        ),
    ]

    def __str__(self):
        return self.label


class PracticeInspiration(Orderable):
    """Lineage: this practice was inspired by another one, of any territory.

    Declared on the adaptation, so by its own territory's editors, and saved with
    the page's revisions: it goes through the same review and is public only once
    published."""

    page = ParentalKey(
        PracticePage, on_delete=models.CASCADE, related_name="inspirations"
    )
    source = models.ForeignKey(
        PracticePage,
        verbose_name=_("inspired by"),
        on_delete=models.CASCADE,
        related_name="adaptations",
    )
    note = models.TextField(
        _("what was adapted"),
        max_length=600,
        blank=True,
        help_text=_("What you took from it, and what you changed for your territory."),
    )

    panels = [FieldPanel("source"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("inspiration")
        verbose_name_plural = _("inspirations")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "source"], name="one_inspiration_per_source"
            )
        ]


class PracticeDocument(Orderable):
    """A document of the measure: deliberation, specifications, agreement..."""

    class Kind(models.TextChoices):
        DELIBERATION = "deliberation", _("Deliberation")
        TENDER = "tender", _("Specifications (CCTP)")
        AGREEMENT = "agreement", _("Agreement")
        REPORT = "report", _("Report or evaluation")
        GUIDE = "guide", _("Guide")
        OTHER = "other", _("Other")

    class Licence(models.TextChoices):
        ETALAB = "etalab-2.0", _("Licence Ouverte / Etalab 2.0")
        CC_BY = "cc-by-4.0", _("CC BY 4.0")
        CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
        RESERVED = "reserved", _("All rights reserved")

    LICENCE_URLS = {
        Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
        Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    }

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(
        _("kind"), max_length=15, choices=Kind.choices, default=Kind.OTHER
    )
    date = models.DateField(
        _("date of the document"),
        null=True,
        blank=True,
        help_text=_("When it was adopted, signed or published."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=15,
        choices=Licence.choices,
        default=Licence.ETALAB,
        help_text=_(
            "Under which terms others may reuse it. A public body's documents are "
            "usually under the Licence Ouverte."
        ),
    )

    panels = [
        FieldPanel("document"),
        FieldPanel(
            "kind",
            help_text=_(
                "Visitors filter the search by kind of document (“Available "
                "documents”)."
            ),
        ),
        FieldPanel("date"),
        FieldPanel("licence"),
    ]

    @property
    def licence_url(self) -> str:
        """Where the licence's terms are read ("" for all rights reserved)."""
        return self.LICENCE_URLS.get(self.licence, "")


# --- The catalogue ----


class CatalogPage(Page):
    """The catalogue's old address: it now sends to the search page (the one
    finder), with its filters translated into the search's vocabulary."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["rtes_site.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    # Catalogue parameter → search parameter; anything else is dropped.
    SEARCH_PARAMS = {
        "theme": "theme",
        "lever": "lever",
        "audience": "audience",
        "kind": "territory_kind",
        "region": "region",
        "page": "page",
    }

    class Meta:
        verbose_name = _("practice catalogue")

    def serve(self, request, *args, **kwargs):
        params = QueryDict(mutable=True)
        for old, new in self.SEARCH_PARAMS.items():
            values = request.GET.getlist(old)
            if old == "kind":  # "epci": every EPCI, as the catalogue had it
                values = [
                    kind
                    for value in values
                    for kind in (
                        [f"epci-{t}" for t in Territory.EpciType.values] + ["epci"]
                        if value == "epci"
                        else [value]
                    )
                ]
            if values:
                params.setlist(new, values)
        query = params.urlencode()
        url = reverse("search") + (f"?{query}" if query else "")
        return redirect(url, permanent=True)
