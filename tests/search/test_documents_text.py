"""The text a practice is indexed and excerpted from reads as sentences."""

from search.documents import phrases, plain_text


def test_list_items_and_headings_are_not_run_together():
    html = (
        "<h2>Objectifs</h2><ul><li>Recruter</li><li>Former.</li>"
        "<li>Accompagner</li></ul><p>Un bilan&nbsp;annuel.</p>"
    )
    assert (
        plain_text(html)
        == "Objectifs : Recruter ; Former. Accompagner ; Un bilan annuel."
    )


def test_text_already_punctuated_is_left_alone():
    assert plain_text("<ul><li>Un ;</li><li>Deux :</li><li>Trois ?</li></ul>") == (
        "Un ; Deux : Trois ?"
    )
    assert plain_text("<p>Fin</p><p>Début</p>") == "Fin Début"


def test_the_texts_of_a_block_end_each_with_a_stop():
    assert phrases(["Étape 1", "Recruter les SIAE", "", "Une rencontre."]) == (
        "Étape 1. Recruter les SIAE. Une rencontre."
    )
