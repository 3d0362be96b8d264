"""The production analyzers, run by the node with `_analyze`.

The stemmer is Snowball's French one, as on the database engine (stems such as
"insert" and "concept" are its). On the test node, `elision`, `asciifolding` and
`stemmer` come from the project's
plugin (es-plugin/); on a full distribution, from `analysis-common`. These token
lists are what Lucene's filters give, so the tests pass on both: point
ELASTICSEARCH_URL at a full node to check.
"""

import pytest


@pytest.fixture
def analyze(engine):
    """Tokens (text, position) of `text` through one of the index's analyzers."""
    index = engine.index.create_index()

    def run(text: str, analyzer: str = "rtes_french") -> list[tuple[str, int]]:
        response = engine.index.client.indices.analyze(
            index=index, analyzer=analyzer, text=text
        )
        return [(token["token"], token["position"]) for token in response["tokens"]]

    return run


def words(tokens: list[tuple[str, int]]) -> list[str]:
    return [token for token, _position in tokens]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Accents folded; stop words dropped, leaving their position empty.
        (
            "L'Économie sociale et solidaire",
            [("econom", 0), ("social", 1), ("solidair", 3)],
        ),
        # Elision with the typographic apostrophe as with the straight one.
        ("l’insertion", [("insert", 0)]),
        ("d'insertion", [("insert", 0)]),
        # Plurals: -aux and -eaux meet their singulars.
        ("Chevaux châteaux", [("cheval", 0), ("chateau", 1)]),
        ("cheval château", [("cheval", 0), ("chateau", 1)]),
        # A hyphen splits a compound in two words.
        ("éco-conception", [("eco", 0), ("concept", 1)]),
        # Ligatures folded to two letters.
        ("sœurs Œuvre", [("soeur", 0), ("oeuvr", 1)]),
        # Nothing but stop words: nothing to match.
        ("les des pour avec", []),
    ],
)
def test_french_analyzer(analyze, text, expected):
    assert analyze(text) == expected


def test_typed_and_accented_forms_meet(analyze):
    assert analyze("economie") == analyze("Économie")
    assert words(analyze("soeur")) == words(analyze("sœur"))


def test_prefix_analyzer_folds_but_keeps_whole_words(analyze):
    # No stemmer (a typed prefix must stay a prefix of the indexed word), no stop
    # words (a title's "de" may be typed).
    assert words(analyze("L'Économie sociale et solidaire", "rtes_french_prefix")) == [
        "economie",
        "sociale",
        "et",
        "solidaire",
    ]
    assert words(analyze("Chevaux sœurs", "rtes_french_prefix")) == [
        "chevaux",
        "soeurs",
    ]
