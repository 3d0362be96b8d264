"""How a practice is stored in Elasticsearch: analyzers, mapping, index names."""

from __future__ import annotations

from datetime import UTC, datetime

from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
    analyzer,
    token_filter,
)

# The articles Lucene's French analyzer elides (l'insertion → insertion).
FRENCH_ELISIONS = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]

# articles_case: the filter runs before lowercase, so "L'Insertion" must elide too.
french_elision = token_filter(
    "french_elision", type="elision", articles_case=True, articles=FRENCH_ELISIONS
)
french_stop = token_filter("french_stop", type="stop", stopwords="_french_")
# Snowball's French stemmer, as the database engine's (PostgreSQL's `french`
# configuration and the Python analyzer): the same words meet on every engine.
french_stemmer = token_filter("french_stemmer", type="stemmer", language="french")

# Stop words are removed before folding because the _french_ list is accented
# ("été", "à"); folding comes before stemming so that "economie" and "économie"
# reach the stemmer as the same word.
french = analyzer(
    "rtes_french",
    tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, "asciifolding", french_stemmer],
)

# Suggestions match a prefix of what is being typed: a stemmer would cut indexed
# words ("responsables" → "respons") that the typed prefix ("responsab") no longer
# matches, so the suggestion field is only folded.
french_prefix = analyzer(
    "rtes_french_prefix",
    tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding"],
)

# The text fields copied to `spell` (all of them but `documents`).
TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "partners",
    "territories",
    "labels",
    "variants",
)


class PracticeIndexDocument(Document):
    """The Elasticsearch form of `search.documents.SearchDocument`."""

    id = Integer()
    version = Long()
    # Suggestions complete the last word typed from the index of word prefixes
    # (the server's own `index_prefixes`, which `search_as_you_type` also builds
    # on): no plugin field type, the same suggestions.
    title = Text(
        analyzer=french,
        copy_to=["spell"],
        fields={
            "suggest": Text(
                analyzer=french_prefix, index_prefixes={"min_chars": 1, "max_chars": 10}
            )
        },
    )
    # Offsets in the postings let the unified highlighter skip re-analysing texts.
    summary = Text(analyzer=french, index_options="offsets", copy_to=["spell"])
    body = Text(analyzer=french, index_options="offsets", copy_to=["spell"])
    partners = Text(analyzer=french, copy_to=["spell"])
    territories = Text(analyzer=french, copy_to=["spell"])
    labels = Text(analyzer=french, copy_to=["spell"])
    variants = Text(analyzer=french, copy_to=["spell"])
    # Not copied to `spell`: words extracted from PDFs (hyphenation, broken
    # encodings) would become corrections offered to every search.
    documents = Text(analyzer=french)
    # Every text, folded but not stemmed: typos (fuzzy matching, the term
    # suggester) and the last word's prefix are measured on the words as written.
    spell = Text(analyzer=french_prefix)
    url = Keyword(index=False)
    territory_name = Keyword(index=False)
    published_at = Date()
    updated_at = Date()
    theme = Keyword(multi=True)
    lever = Keyword(multi=True)
    audience = Keyword(multi=True)
    territory_kind = Keyword(multi=True)
    region = Keyword(multi=True)
    departement = Keyword(multi=True)
    territory = Keyword(multi=True)
    status = Keyword(multi=True)
    start_year = Keyword(multi=True)
    document_type = Keyword(multi=True)
    adapted = Keyword(multi=True)

    class Meta:
        # A field the mapping does not know is a bug in practice_document(): refuse
        # it instead of letting Elasticsearch guess a type.
        dynamic = MetaField("strict")


def alias_name(prefix: str) -> str:
    """The stable name searches and writes go through."""
    return f"{prefix}practices"


def versioned_index_name(prefix: str, now: datetime | None = None) -> str:
    """A new concrete index name, sorting by creation time."""
    now = now or datetime.now(UTC)
    return f"{alias_name(prefix)}-{now:%Y%m%d%H%M%S%f}"


def first_index_name(prefix: str) -> str:
    """The index created when the alias has none: one fixed name, sorting first."""
    return f"{alias_name(prefix)}-{0:020d}"


def practice_index(name: str) -> Index:
    """The index definition (settings, analyzers, mapping) under a concrete name."""
    index = Index(name)
    # One shard holds a catalogue of this size comfortably; a replica appears as
    # soon as a second node joins, and a single node stays green.
    index.settings(number_of_shards=1, auto_expand_replicas="0-1")
    # mapping(), not document(): document() would bind the Document class to the
    # first index created, and hits from any later index (after a rebuild) would no
    # longer be read as PracticeIndexDocument (dates left as strings).
    index.mapping(PracticeIndexDocument._doc_type.mapping)
    return index
