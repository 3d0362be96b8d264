"""Elasticsearch request bodies for a SearchQuery, and the parsing of responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from elasticsearch.dsl import FacetedSearch, Q, Search, TermsFacet
from elasticsearch.dsl.query import MoreLikeThis

from ..spelling import MIN_CORRECTED, distance, max_edits
from ..synonyms import Expansion, expand
from .base import FACETS, MAX_QUERY_CHARS, FacetCount, Hit, SearchQuery
from .es_mapping import PracticeIndexDocument

# Field boosts: a word in the title says more about a practice than one in its
# body; its themes, levers and audiences (`labels`) come just below the title;
# its attached documents (titles, PDF text) below everything written on the page.
SEARCH_FIELDS = [
    "title^3",
    "labels^2.5",
    "summary^2",
    "body",
    "partners",
    "territories",
    "variants",
    "documents^0.5",
]
PHRASE_FIELDS = ["title^3", "summary^2", "body"]
SYNONYM_BOOST = 0.7  # a synonym of the word typed counts a little less
# A word typed with a typo, or unfinished (the last one), is held through the
# words of `spell` within the edits allowed (the database engine's rule,
# `spelling.max_edits`) or that it begins; less than the word itself.
FUZZINESS = "AUTO:4,6"
FUZZY_BOOST = 0.5
MIN_PREFIX = 3
TAXONOMY_FIELDS = ["theme", "lever", "audience"]
RELATED_TEXT_FIELDS = ["title", "summary", "body"]
HIT_SOURCE = [
    "id",
    "title",
    "url",
    "summary",
    "territory_name",
    "published_at",
    "updated_at",
    "territory_kind",
    "theme",
]

# Larger than any facet's number of values (101 départements is the largest).
FACET_SIZE = 200

SORT_CLAUSES: dict[str, list[Any]] = {
    "relevance": ["_score", {"id": "asc"}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
    # An index written before `updated_at` existed holds documents without it
    # (until a rebuild): they follow, by publication date.
    "updated": [
        {"updated_at": {"order": "desc", "missing": "_last", "unmapped_type": "date"}},
        {"published_at": {"order": "desc", "missing": "_last"}},
        {"id": "desc"},
    ],
    "oldest": [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
}


def text_query(expansion: Expansion, text: str, lenient: bool = False) -> Q:
    """Most of the query's concepts must appear, spread over any fields; the more
    a practice holds, the higher it ranks, and exact phrases higher still.

    `expansion` holds the concepts of the words that count (`search.synonyms`),
    `text` what was typed, for the phrase. `lenient`: typed words may be
    mistyped or, the last one, unfinished (`misspelt`).
    """
    # cross_fields: "insertion Val-de-Marne" matches a practice whose body speaks of
    # insertion and whose territory is the Val-de-Marne; best_fields would need
    # both words in one field. Every field shares one analyzer, so the fields form
    # a single blended group. A concept is held when one of its alternatives is,
    # with all its words; what was typed weighs more than its synonyms.
    last = len(expansion.concepts) - 1
    concepts = [
        Q(
            "bool",
            should=[
                *(
                    Q(
                        "multi_match",
                        query=alternative,
                        fields=SEARCH_FIELDS,
                        type="cross_fields",
                        operator="and",
                        boost=1.0 if n == 0 else SYNONYM_BOOST,
                    )
                    for n, alternative in enumerate(concept.alternatives)
                ),
                *(
                    misspelt(concept.alternatives[0], unfinished=number == last)
                    if lenient
                    else ()
                ),
            ],
            minimum_should_match=1,
        )
        for number, concept in enumerate(expansion.concepts)
    ]
    held = Q("bool", should=concepts, minimum_should_match=expansion.required)
    phrase = Q(
        "multi_match",
        query=text[:MAX_QUERY_CHARS],
        fields=PHRASE_FIELDS,
        type="phrase",
        slop=2,
    )
    return Q("bool", must=[held], should=[phrase])


def misspelt(typed: str, unfinished: bool) -> list[Q]:
    """How a word typed (one folded word) is held when mistyped or unfinished."""
    if " " in typed:
        return []
    found = [
        Q(
            "match",
            spell={
                "query": typed,
                "fuzziness": FUZZINESS,
                "prefix_length": 1,
                "boost": FUZZY_BOOST,
            },
        )
    ]
    if unfinished and len(typed) >= MIN_PREFIX:
        found.append(Q("prefix", spell={"value": typed, "boost": FUZZY_BOOST}))
    return found


def correction(text: str, entries: list[dict[str, Any]]) -> str:
    """The text with each word the term suggester found mistyped replaced by its
    first option within `spelling.max_edits` ("" when none is)."""
    corrected, changed = text, False
    # From the end, so that the offsets of the entries before stay right.
    for entry in sorted(entries, key=lambda entry: -entry["offset"]):
        word = entry["text"]
        option = next(
            (
                option["text"]
                for option in entry.get("options", [])
                if distance(word, option["text"]) <= max_edits(word)
            ),
            None,
        )
        if option:
            start, end = entry["offset"], entry["offset"] + entry["length"]
            corrected = corrected[:start] + option + corrected[end:]
            changed = True
    return corrected if changed else ""


class PracticeSearch(FacetedSearch):
    """Multi-select faceted search over practices.

    Each facet is counted under the *other* facets' selections (a `filter`
    aggregation around its `terms` aggregation) and the selections narrow the hits
    through `post_filter`, so ticking theme A leaves the other themes' counts as
    they would be if A were swapped for them.
    """

    doc_types = [PracticeIndexDocument]
    facets = {name: TermsFacet(field=name, size=FACET_SIZE) for name in FACETS}

    def __init__(
        self, client, index: str, query: SearchQuery, lenient: str | None = None
    ):
        """`lenient`: allow typos and an unfinished last word (`text_query`),
        marking the words of this text (what the correction found) in the
        highlights: fuzzy queries cost the highlighter five times the search."""
        self.using = client
        self.lenient = lenient
        self.index = index
        filters = {
            name: list(values)
            for name, values in query.filters.items()
            if name in self.facets and values
        }
        self.expansion = expand(query.words, compounds=query.compounds)
        self.text = query.text
        # A query of stop words or function words only is no query (as the
        # database engine does): every practice, newest first.
        typed = query.text.strip() if self.expansion.concepts else ""
        super().__init__(typed, filters, SORT_CLAUSES[query.sort])

    def query(self, search, query):
        if not query:
            return search.query("match_all")
        lenient = self.lenient is not None
        return search.query(text_query(self.expansion, self.text, lenient))

    def highlight(self, search):
        # encoder "html" escapes the stored text, so a fragment is safe HTML whose
        # only markup is <mark>.
        options = {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"]}
        if self.lenient is not None:
            marked = SearchQuery(text=self.lenient)
            expansion = expand(marked.words, compounds=marked.compounds)
            options["highlight_query"] = text_query(expansion, marked.text).to_dict()
        return (
            search.highlight_options(**options)
            .highlight("title", number_of_fragments=0)
            .highlight("summary", fragment_size=200, number_of_fragments=1)
            .highlight("body", fragment_size=160, number_of_fragments=2)
        )

    def search(self):
        return super().search().source(HIT_SOURCE).extra(track_total_hits=True)

    def page(self, offset: int, size: int) -> Search:
        """The request for one page of hits (FacetedSearch built it on creation)."""
        return self._s[offset : offset + size]

    def build_search(self):
        search = super().build_search()
        if not self._query:
            return search
        # FacetedSearch highlights only when `fields` is set; ours come from
        # text_query(), so highlight here, and only when there are words to mark.
        # The words absent from the index get their corrections in the same
        # request (`correction`); the lenient request has them already.
        search = self.highlight(search)
        if self.lenient is not None:
            return search
        return search.suggest(
            "spelling",
            self.text[:MAX_QUERY_CHARS],
            term={
                "field": "spell",
                "suggest_mode": "missing",
                "min_word_length": MIN_CORRECTED,
                "prefix_length": 1,
            },
        )


def more_like_this(index: str, page_id: int) -> Q:
    """Practices sharing taxonomy terms, or many rare words, with this one."""
    like = [{"_index": index, "_id": str(page_id)}]
    shared_terms = MoreLikeThis(
        fields=TAXONOMY_FIELDS,
        like=like,
        # One shared theme, lever or audience is enough to relate two practices.
        min_term_freq=1,
        min_doc_freq=1,
        minimum_should_match=1,
        boost=2,
    )
    similar_text = MoreLikeThis(
        fields=RELATED_TEXT_FIELDS,
        like=like,
        # The catalogue is small: a word used by two practices already counts...
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
        # ...but a few common words in common do not make practices related.
        minimum_should_match="30%",
    )
    return Q("bool", should=[shared_terms, similar_text], minimum_should_match=1)


def suggest_query(prefix: str) -> Q:
    """Titles containing the typed words, the last one possibly unfinished."""
    return Q(
        "match_bool_prefix",
        **{"title.suggest": {"query": prefix[:MAX_QUERY_CHARS], "operator": "and"}},
    )


def parse_hit(hit: dict[str, Any]) -> Hit:
    """A Hit from one raw Elasticsearch hit."""
    source = hit["_source"]
    highlight = hit.get("highlight", {})
    fragments = [*highlight.get("summary", []), *highlight.get("body", [])]
    dates = {
        name: datetime.fromisoformat(source[name]) if source.get(name) else None
        for name in ("published_at", "updated_at")
    }
    return Hit(
        page_id=int(hit["_id"]),
        title=source["title"],
        url=source["url"],
        summary=source.get("summary") or "",
        territory_name=source.get("territory_name") or "",
        published_at=dates["published_at"],
        # A document written before `updated_at` existed: its first publication,
        # as the database engine's migration 0011 gives its rows.
        updated_at=dates["updated_at"] or dates["published_at"],
        # Only the title matched: its marked form is the best excerpt there is.
        highlights=fragments or highlight.get("title", []),
        score=float(hit.get("_score") or 0.0),
        territory_kind=next(iter(source.get("territory_kind") or []), ""),
        themes=list(source.get("theme") or []),
    )


def parse_facets(
    response: dict[str, Any], selected: dict[str, list[str]]
) -> dict[str, list[FacetCount]]:
    """Facet counts, in FACETS order, from the `_filter_<facet>` aggregations.

    A selected value nobody matches is still listed, with count 0.
    """
    facets = {}
    for name in FACETS:
        chosen = set(selected.get(name, ()))
        buckets = response["aggregations"][f"_filter_{name}"][name]["buckets"]
        counts = [
            FacetCount(
                value=str(b["key"]), count=b["doc_count"], selected=b["key"] in chosen
            )
            for b in buckets
        ]
        listed = {count.value for count in counts}
        counts += [
            FacetCount(value=value, count=0, selected=True)
            for value in selected.get(name, ())
            if value not in listed
        ]
        facets[name] = counts
    return facets
