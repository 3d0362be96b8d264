"""What the open data API answers: its JSON shapes, as the OpenAPI document shows them.

Contact fields (names, e-mails, phones) are in no schema: what is not declared
here cannot leave the server, whatever a query fetches.
"""

from __future__ import annotations

import datetime as datetime_module
from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class Error(Schema):
    """A refused request: a code a program tests, a message a person reads."""

    error: str = Field(description="Machine-readable code, e.g. `unknown_value`.")
    message: str
    detail: list[dict] = Field(default_factory=list)


class TermRef(Schema):
    """A theme, a lever of public action or a target audience, in short."""

    slug: str
    name: str


class Term(TermRef):
    """A theme, a lever of public action or a target audience."""

    description: str


class TerritoryRef(Schema):
    """A reference territory, in short."""

    id: int
    kind: str = Field(description="region, departement, epci or commune.")
    code: str = Field(description="INSEE code; the SIREN for an EPCI.")
    name: str


class MemberPage(Schema):
    """The RTES member page of a territory (its contacts are not published)."""

    title: str
    url: str
    membership_date: date | None
    website: str
    presentation: str = Field(description="HTML.")


class Territory(TerritoryRef):
    """An official territory (Etalab dataset), with its containing territories."""

    kind_label: str
    siren: str = Field(description="SIREN of the collectivity, when known.")
    population: int | None
    epci_type: str = Field(description="CC, CA, CU, METRO, MET69, EPT or empty.")
    region: TerritoryRef | None
    departement: TerritoryRef | None
    epci: TerritoryRef | None
    member: MemberPage | None = Field(description="Null unless an RTES member.")


class TerritoryList(Schema):
    count: int
    page: int
    per_page: int
    pages: int
    results: list[Territory]


class Partner(Schema):
    name: str
    kind: str = Field(description="ess, public, company or other.")
    kind_label: str
    website: str


class Indicator(Schema):
    label: str
    value: Decimal
    unit: str
    year: int | None


class Step(Schema):
    title: str
    period: str
    description: str


class DescriptionBlock(Schema):
    """One block of the description: heading, paragraph (HTML), quote or image."""

    type: str
    text: str = Field(description="The heading, the paragraph (HTML) or the quote.")
    author: str = ""
    image_url: str | None = None
    alt: str = ""


class AttachedDocument(Schema):
    title: str
    kind: str = Field(
        description="deliberation, tender (specifications, CCTP), agreement, "
        "report, guide or other."
    )
    kind_label: str
    # `date` names the field here: the type is spelled through the module.
    date: datetime_module.date | None = Field(
        description="When it was adopted, signed or published."
    )
    licence: str = Field(
        description="etalab-2.0, cc-by-4.0, cc-by-sa-4.0 or reserved (all rights "
        "reserved)."
    )
    licence_label: str
    licence_url: str = Field(description="The licence's terms; '' when reserved.")
    url: str


class LineageLink(Schema):
    """A published practice at the other end of a lineage link ("inspirée de")."""

    id: int
    title: str
    url: str
    territory: TerritoryRef | None
    note: str = Field(description="What the adaptation took, and what it changed.")


class Practice(Schema):
    """A published practice, with every public field."""

    id: int
    title: str
    url: str = Field(description="The practice's page on the site.")
    summary: str
    image_url: str | None
    image_alt: str
    territory: TerritoryRef | None
    partner_territories: list[TerritoryRef]
    themes: list[Term]
    levers: list[Term]
    audiences: list[Term]
    context: str = Field(description="HTML.")
    objectives: str = Field(description="HTML.")
    description: list[DescriptionBlock]
    steps: list[Step]
    status: str = Field(description="planned, ongoing or completed.")
    status_label: str
    start_date: date | None
    end_date: date | None
    budget: int | None = Field(description="In euros.")
    staff: str
    funding_sources: str
    partners: list[Partner]
    results: str = Field(description="HTML.")
    indicators: list[Indicator]
    lessons: str = Field(description="HTML.")
    transferability: str = Field(description="HTML.")
    documents: list[AttachedDocument]
    last_reviewed: date | None
    first_published_at: datetime | None
    last_published_at: datetime | None
    inspired_by: list[LineageLink] = Field(
        description="The published practices this one says it was inspired by."
    )
    adapted_by: list[LineageLink] = Field(
        description="The published practices that say they were inspired by this one."
    )


class PracticeHit(Schema):
    """A practice in a list of results (the whole of it at `api_url`)."""

    id: int
    title: str
    url: str
    api_url: str
    summary: str
    territory_name: str
    territory_kind: str
    themes: list[TermRef]
    published_at: datetime | None
    updated_at: datetime | None = Field(
        description="Its first publication or, if later, its last substantial "
        "revision (the rule of the weekly digests and the feeds)."
    )
    excerpts: list[str] = Field(
        description="Passages matching the words, as HTML with <mark>."
    )


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    name: str = Field(description="The query parameter that selects its values.")
    title: str
    values: list[FacetValue]


class SearchResults(Schema):
    count: int = Field(description="Practices matching, on every page.")
    page: int
    per_page: int
    pages: int
    sort: str
    correction: str = Field(description="The text with its typos corrected, or ''.")
    results: list[PracticeHit]
    facets: list[Facet]
