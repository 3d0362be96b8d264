"""The database engine's vocabulary: what it holds, how it is kept, what it guesses."""

import pytest

from search.indexing import reconcile
from search.models import IndexedWord
from search.spelling import distance, max_edits, respell


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("insertion", "insertion", 0),
        ("insertoin", "insertion", 1),  # a swap is one edit, as in Lucene
        ("mobilte", "mobilite", 1),
        ("ressourcrie", "ressourcerie", 1),
        ("cantine", "canine", 1),
        ("emploi", "employe", 2),
        ("", "abc", 3),
    ],
)
def test_distance_counts_edits(a, b, edits):
    assert distance(a, b) == edits == distance(b, a)


@pytest.mark.parametrize(
    ("word", "edits"), [("ess", 0), ("scic", 1), ("siaes", 1), ("mobilte", 2)]
)
def test_longer_words_allow_more_edits(word, edits):
    assert max_edits(word) == edits


def test_indexing_adds_the_words_with_their_spelling(indexed):
    word = IndexedWord.objects.get(word="economie")
    assert (word.form, word.term) == ("économie", "econom")
    # Neither stop words nor numbers.
    assert not IndexedWord.objects.filter(word__in=["les", "dans", "2009"]).exists()


def test_reconciliation_recounts_and_forgets_words_no_practice_uses(engine, indexed):
    IndexedWord.objects.filter(word="circulaire").update(practices=99)
    indexed["ressourcerie"].delete()
    reconcile(engine)
    # "circulaire" is still the tiers-lieux' (their theme label).
    assert IndexedWord.objects.get(word="circulaire").practices == 1
    assert not IndexedWord.objects.filter(word="ressourcerie").exists()
    assert respell("ressourcrie", ["ressourcrie"]).suggestion == ""


def test_a_typo_keeps_the_rest_of_the_text_as_typed(indexed):
    spelling = respell("Achats Resposables !", ["achats", "resposables"])
    assert spelling.suggestion == "Achats responsables !"
    assert spelling.alternatives == {"resposables": ("responsables",)}


def test_the_last_word_is_completed_by_the_most_used_words(indexed):
    IndexedWord.objects.filter(word="cooperatives").update(practices=5)
    spelling = respell("coopera", ["coopera"])
    assert spelling.alternatives["coopera"][:2] == ("cooperatives", "cooperative")
    assert spelling.suggestion == "coopératives"
    # Only the last word: an unknown word before it is only corrected.
    assert "coopera" not in respell("coopera lieu", ["coopera", "lieu"]).alternatives


def test_a_known_word_costs_one_query(indexed, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert respell("insertion", ["insertion"]).alternatives == {}
    # A form of a known word the catalogue never writes is known by its term.
    with django_assert_num_queries(1):
        assert respell("insertions", ["insertions"]).alternatives == {}
