"""Reference geography (Etalab's official dataset) and the RTES member territories."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .media import RICH_TEXT_FEATURES, ScopedMediaPageForm

# The official dataset lists the overseas collectivities (Saint-Pierre-et-Miquelon,
# Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, the Polynesia, New Caledonia),
# the TAAF and Clipperton as pseudo-régions and pseudo-départements; they are
# neither, and no list of régions or départements offers them.
NOT_REGIONS_OR_DEPARTEMENTS = frozenset(
    {"975", "977", "978", "984", "986", "987", "988", "989"}
)


class Territory(models.Model):
    """An official French administrative entity: région, département, EPCI or commune.

    One hierarchical model, as in aides-territoires: the containment links point to
    the entities of higher scale (commune → EPCI → département → région).
    """

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        DEPARTEMENT = "departement", _("Department")
        EPCI = "epci", _("Intermunicipality (EPCI)")
        COMMUNE = "commune", _("Municipality")

    class EpciType(models.TextChoices):
        CC = "CC", _("Community of communes")
        CA = "CA", _("Agglomeration community")
        CU = "CU", _("Urban community")
        METRO = "METRO", _("Metropolis")
        MET69 = "MET69", _("Lyon metropolis")
        EPT = "EPT", _("Public territorial establishment")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # INSEE code for régions, départements and communes; SIREN for EPCI (as Etalab).
    code = models.CharField(_("official code"), max_length=9)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # The census year of `population` (INSEE's populations légales millésime).
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True
    )
    epci_type = models.CharField(
        _("EPCI type"), max_length=5, choices=EpciType.choices, blank=True
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Kind.REGION},
    )
    departement = models.ForeignKey(
        "self",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Kind.DEPARTEMENT},
    )
    epci = models.ForeignKey(
        "self",
        verbose_name=_("EPCI"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Kind.EPCI},
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], name="unique_territory_code"
            )
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return f"{self.name} ({self.kind_label})"

    @property
    def kind_label(self) -> str:
        """The kind as a person says it: an EPCI is named by its type."""
        if self.kind == self.Kind.EPCI and self.epci_type:
            return self.get_epci_type_display()
        return self.get_kind_display()

    @property
    def facet_kind(self) -> str:
        """Territory kind for facets: EPCI are split by type (``epci-CA``...)."""
        if self.kind == self.Kind.EPCI and self.epci_type:
            return f"epci-{self.epci_type}"
        return self.kind

    @classmethod
    def facet_kind_choices(cls) -> list[tuple[str, str]]:
        """The values of `facet_kind`, largest scale first, with their labels."""
        return [
            (cls.Kind.REGION.value, cls.Kind.REGION.label),
            (cls.Kind.DEPARTEMENT.value, cls.Kind.DEPARTEMENT.label),
            *[(f"epci-{value}", label) for value, label in cls.EpciType.choices],
            (cls.Kind.EPCI.value, cls.Kind.EPCI.label),  # an EPCI of unknown type
            (cls.Kind.COMMUNE.value, cls.Kind.COMMUNE.label),
        ]

    @property
    def region_of(self):
        """The région this territory lies in (itself for a région)."""
        return self if self.kind == self.Kind.REGION else self.region


class TerritoryIndexPage(Page):
    """The list of member territories ("Territoires")."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["rtes_site.HomePage"]
    subpage_types = ["territories.TerritoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("territory index")


class TerritoryPage(Page):
    """A member territory of RTES: its presentation and, below it, its practices."""

    territory = models.OneToOneField(
        Territory,
        verbose_name=_("reference territory"),
        on_delete=models.PROTECT,
        related_name="member_page",
    )
    membership_date = models.DateField(_("member since"), null=True, blank=True)
    presentation = RichTextField(
        _("short presentation"), blank=True, features=RICH_TEXT_FEATURES
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # Created with the page by `services.make_member`; kept to find them again.
    editors_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="territory_page",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="territory_page",
    )

    content_panels = Page.content_panels + [
        FieldPanel("territory", read_only=True),
        FieldPanel("presentation"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("membership_date"),
                FieldPanel("website"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Membership"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("presentation")]
    parent_page_types = ["territories.TerritoryIndexPage"]
    # Created with its group and collection by `services.make_member` only.
    is_creatable = False
    subpage_types = ["practices.PracticePage"]
    base_form_class = ScopedMediaPageForm

    class Meta:
        verbose_name = _("member territory")
        verbose_name_plural = _("member territories")
