"""A judged set of search queries over the demo catalogue, and its measures.

55 queries with answers (and one of stop words only), of the kinds a territory
officer types: phrases, questions, taxonomy labels, acronyms, compounds, names,
synonyms and typos. Each practice of the demo catalogue (identified by its
`external_id`) is graded 0 (absent: not relevant), 1 (relevant) or 2 (what the
query is about). The grades were written from the practices' titles, summaries
and taxonomies, before any engine's results were looked at; a change of the
engines never changes them.

`benchmarks/search_quality.py` prints the measures for each engine;
`test_judged_set.py` keeps them above a floor.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

CUTOFF = 10

JUDGED = [
    (
        "phrase",
        "clauses sociales dans les marchés publics",
        {
            "demo-cd94-achats-responsables": 2,
            "demo-cd93-clauses-renovation-colleges": 2,
            "demo-rennes-metropole-spaser": 2,
            "demo-plaine-commune-clauses-grands-chantiers": 2,
            "demo-cd44-pat-restauration-colleges": 1,
            "demo-cd93-reemploi-materiaux": 1,
            "demo-grenoble-restauration-scolaire-bio": 1,
            "demo-grenoble-commerce-equitable": 1,
            "demo-ivry-quinzaine-commerce-equitable": 1,
        },
    ),
    (
        "phrase",
        "achats responsables",
        {
            "demo-cd94-achats-responsables": 2,
            "demo-cd94-formation-agents-ess": 2,
            "demo-rennes-metropole-spaser": 2,
            "demo-cd44-pat-restauration-colleges": 1,
            "demo-cd93-clauses-renovation-colleges": 1,
            "demo-cd93-reemploi-materiaux": 1,
            "demo-plaine-commune-clauses-grands-chantiers": 1,
            "demo-grenoble-restauration-scolaire-bio": 1,
            "demo-grenoble-commerce-equitable": 1,
            "demo-ivry-quinzaine-commerce-equitable": 1,
        },
    ),
    (
        "question",
        "comment aider les structures d'insertion",
        {
            "demo-cd94-siae-pdi": 2,
            "demo-cd94-achats-responsables": 1,
            "demo-occitanie-mobilite-solidaire-rurale": 1,
            "demo-cd35-mobilite-insertion": 1,
            "demo-cd93-clauses-renovation-colleges": 1,
            "demo-mel-territoires-zero-chomeur": 1,
            "demo-loos-en-gohelle-chantier-ecoconstruction": 1,
            "demo-ivry-regie-de-quartier": 1,
            "demo-ungersheim-regie-agricole": 1,
        },
    ),
    (
        "taxonomy",
        "insertion par l'activité économique",
        {
            "demo-cd94-siae-pdi": 2,
            "demo-loos-en-gohelle-chantier-ecoconstruction": 2,
            "demo-cd94-achats-responsables": 1,
            "demo-occitanie-mobilite-solidaire-rurale": 1,
            "demo-cd35-mobilite-insertion": 1,
            "demo-cd44-pat-restauration-colleges": 1,
            "demo-mel-territoires-zero-chomeur": 1,
            "demo-mel-reemploi-dechetteries": 1,
            "demo-ivry-regie-de-quartier": 1,
            "demo-ungersheim-regie-agricole": 1,
        },
    ),
    (
        "acronym",
        "SIAE",
        {
            "demo-cd94-siae-pdi": 2,
            "demo-cd94-achats-responsables": 1,
            "demo-cd93-clauses-renovation-colleges": 1,
            "demo-plaine-commune-clauses-grands-chantiers": 1,
            "demo-loos-en-gohelle-chantier-ecoconstruction": 1,
        },
    ),
    (
        "phrase",
        "tiers-lieux ruraux",
        {
            "demo-nouvelle-aquitaine-tiers-lieux": 2,
            "demo-trieves-tiers-lieu-ancienne-ecole": 2,
            "demo-nantes-metropole-solilab": 1,
            "demo-villeurbanne-locaux-ess": 1,
        },
    ),
    (
        "compound",
        "tiers lieu",
        {
            "demo-nouvelle-aquitaine-tiers-lieux": 2,
            "demo-trieves-tiers-lieu-ancienne-ecole": 2,
            "demo-nantes-metropole-solilab": 1,
            "demo-villeurbanne-locaux-ess": 1,
        },
    ),
    (
        "phrase",
        "garage solidaire",
        {
            "demo-occitanie-mobilite-solidaire-rurale": 2,
            "demo-cd35-mobilite-insertion": 1,
            "demo-grenoble-alpes-metropole-ateliers-velo": 1,
            "demo-trieves-mobilite-rurale": 1,
        },
    ),
    (
        "question",
        "la mobilité des demandeurs d'emploi",
        {
            "demo-occitanie-mobilite-solidaire-rurale": 2,
            "demo-cd35-mobilite-insertion": 2,
            "demo-grenoble-alpes-metropole-ateliers-velo": 1,
            "demo-trieves-mobilite-rurale": 1,
        },
    ),
    (
        "typo",
        "mobilte rurale",
        {
            "demo-occitanie-mobilite-solidaire-rurale": 2,
            "demo-trieves-mobilite-rurale": 2,
            "demo-cd35-mobilite-insertion": 1,
        },
    ),
    (
        "typo",
        "insertoin",
        {
            "demo-cd94-siae-pdi": 2,
            "demo-loos-en-gohelle-chantier-ecoconstruction": 2,
            "demo-cd94-achats-responsables": 1,
            "demo-cd93-clauses-renovation-colleges": 1,
            "demo-ivry-regie-de-quartier": 1,
            "demo-ungersheim-regie-agricole": 1,
        },
    ),
    (
        "phrase",
        "coopérative d'activité et d'emploi",
        {
            "demo-plaine-commune-cooperative-activite": 2,
            "demo-occitanie-scop-scic": 1,
            "demo-cd35-cooperatives-jeunesse": 1,
        },
    ),
    (
        "acronym",
        "CAE",
        {
            "demo-plaine-commune-cooperative-activite": 2,
            "demo-cd35-cooperatives-jeunesse": 1,
        },
    ),
    (
        "acronym",
        "SCOP et SCIC",
        {
            "demo-occitanie-scop-scic": 2,
            "demo-cd35-cooperatives-jeunesse": 1,
            "demo-pays-basque-capital-risque-solidaire": 1,
            "demo-trieves-tiers-lieu-ancienne-ecole": 1,
            "demo-villeurbanne-mois-ess": 1,
        },
    ),
    (
        "phrase",
        "création d'entreprises coopératives",
        {
            "demo-occitanie-scop-scic": 2,
            "demo-cd35-cooperatives-jeunesse": 1,
            "demo-pays-basque-capital-risque-solidaire": 1,
            "demo-plaine-commune-cooperative-activite": 1,
        },
    ),
    ("acronym", "PTCE", {"demo-grenoble-alpes-metropole-ptce": 2}),
    (
        "phrase",
        "pôle territorial de coopération économique",
        {"demo-grenoble-alpes-metropole-ptce": 2, "demo-bretagne-poles-ess": 1},
    ),
    ("phrase", "monnaie locale complémentaire", {"demo-pays-basque-monnaie-locale": 2}),
    (
        "taxonomy",
        "finance solidaire",
        {
            "demo-nouvelle-aquitaine-fonds-garantie-ess": 2,
            "demo-pays-basque-capital-risque-solidaire": 2,
            "demo-occitanie-scop-scic": 1,
            "demo-occitanie-aap-innovation-sociale": 1,
            "demo-bretagne-energie-citoyenne": 1,
            "demo-nantes-metropole-fonds-innovation-sociale": 1,
            "demo-pays-basque-monnaie-locale": 1,
        },
    ),
    (
        "question",
        "des fonds propres pour les entreprises de l'ESS",
        {
            "demo-nouvelle-aquitaine-fonds-garantie-ess": 2,
            "demo-pays-basque-capital-risque-solidaire": 2,
            "demo-occitanie-scop-scic": 1,
            "demo-bretagne-energie-citoyenne": 1,
        },
    ),
    (
        "phrase",
        "énergie renouvelable citoyenne",
        {
            "demo-bretagne-energie-citoyenne": 2,
            "demo-saillans-centrale-solaire-citoyenne": 2,
        },
    ),
    (
        "synonym",
        "panneaux solaires photovoltaïques",
        {
            "demo-saillans-centrale-solaire-citoyenne": 2,
            "demo-bretagne-energie-citoyenne": 1,
        },
    ),
    (
        "phrase",
        "réemploi des matériaux du bâtiment",
        {
            "demo-cd93-reemploi-materiaux": 2,
            "demo-mel-reemploi-dechetteries": 1,
            "demo-montreuil-ressourcerie": 1,
        },
    ),
    (
        "word",
        "ressourcerie",
        {
            "demo-mel-reemploi-dechetteries": 2,
            "demo-montreuil-ressourcerie": 2,
            "demo-villeurbanne-locaux-ess": 1,
        },
    ),
    (
        "word",
        "déchèterie",
        {"demo-mel-reemploi-dechetteries": 2, "demo-montreuil-ressourcerie": 1},
    ),
    (
        "synonym",
        "recyclerie",
        {
            "demo-montreuil-ressourcerie": 2,
            "demo-mel-reemploi-dechetteries": 1,
            "demo-villeurbanne-locaux-ess": 1,
        },
    ),
    (
        "taxonomy",
        "économie circulaire",
        {
            "demo-cd93-reemploi-materiaux": 2,
            "demo-mel-reemploi-dechetteries": 2,
            "demo-montreuil-ressourcerie": 2,
            "demo-grenoble-alpes-metropole-ptce": 1,
            "demo-grenoble-alpes-metropole-ateliers-velo": 1,
            "demo-villeurbanne-locaux-ess": 1,
        },
    ),
    (
        "question",
        "alimentation locale dans les cantines",
        {
            "demo-cd44-pat-restauration-colleges": 2,
            "demo-grenoble-restauration-scolaire-bio": 2,
            "demo-ungersheim-regie-agricole": 2,
            "demo-ivry-quinzaine-commerce-equitable": 1,
            "demo-saillans-epicerie-cooperative": 1,
        },
    ),
    (
        "phrase",
        "restauration collective bio",
        {
            "demo-cd44-pat-restauration-colleges": 2,
            "demo-grenoble-restauration-scolaire-bio": 2,
            "demo-ungersheim-regie-agricole": 2,
            "demo-ivry-quinzaine-commerce-equitable": 1,
        },
    ),
    (
        "phrase",
        "projet alimentaire territorial",
        {
            "demo-cd44-pat-restauration-colleges": 2,
            "demo-grenoble-restauration-scolaire-bio": 1,
            "demo-saillans-epicerie-cooperative": 1,
            "demo-ungersheim-regie-agricole": 1,
        },
    ),
    (
        "acronym",
        "PAT",
        {
            "demo-cd44-pat-restauration-colleges": 2,
            "demo-saillans-epicerie-cooperative": 1,
        },
    ),
    (
        "taxonomy",
        "commerce équitable",
        {
            "demo-cd94-equival": 2,
            "demo-grenoble-commerce-equitable": 2,
            "demo-ivry-quinzaine-commerce-equitable": 2,
            "demo-villeurbanne-mois-ess": 1,
        },
    ),
    (
        "phrase",
        "salon de l'économie solidaire",
        {"demo-cd94-equival": 2, "demo-villeurbanne-mois-ess": 1},
    ),
    (
        "phrase",
        "mois de l'ESS",
        {"demo-villeurbanne-mois-ess": 2, "demo-cd94-equival": 1},
    ),
    (
        "phrase",
        "habitat participatif",
        {
            "demo-nantes-metropole-habitat-participatif": 2,
            "demo-gironde-habitat-inclusif": 1,
            "demo-loos-en-gohelle-fifty-fifty": 1,
        },
    ),
    ("question", "logement des personnes âgées", {"demo-gironde-habitat-inclusif": 2}),
    ("phrase", "régie de quartier", {"demo-ivry-regie-de-quartier": 2}),
    ("phrase", "territoires zéro chômeur", {"demo-mel-territoires-zero-chomeur": 2}),
    ("acronym", "TZCLD", {"demo-mel-territoires-zero-chomeur": 2}),
    ("phrase", "allocataires du RSA", {"demo-cd35-mobilite-insertion": 2}),
    (
        "question",
        "former les agents à l'ESS",
        {"demo-cd94-formation-agents-ess": 2, "demo-cd94-appui-plans-locaux-ess": 1},
    ),
    (
        "phrase",
        "co-construction de la politique ESS",
        {
            "demo-cd44-aap-initiatives-ess": 2,
            "demo-montreuil-conseil-local-ess": 2,
            "demo-cd94-appui-plans-locaux-ess": 1,
            "demo-bretagne-poles-ess": 1,
            "demo-loos-en-gohelle-fifty-fifty": 1,
        },
    ),
    (
        "compound",
        "coconstruction",
        {
            "demo-cd44-aap-initiatives-ess": 2,
            "demo-montreuil-conseil-local-ess": 2,
            "demo-cd94-appui-plans-locaux-ess": 1,
            "demo-loos-en-gohelle-fifty-fifty": 1,
        },
    ),
    (
        "compound",
        "écoconstruction",
        {"demo-loos-en-gohelle-chantier-ecoconstruction": 2},
    ),
    (
        "compound",
        "éco-construction",
        {"demo-loos-en-gohelle-chantier-ecoconstruction": 2},
    ),
    (
        "phrase",
        "appel à projets innovation sociale",
        {
            "demo-occitanie-aap-innovation-sociale": 2,
            "demo-nantes-metropole-fonds-innovation-sociale": 2,
            "demo-gironde-aap-ess": 1,
            "demo-cd44-aap-initiatives-ess": 1,
        },
    ),
    (
        "acronym",
        "AAP ESS",
        {
            "demo-gironde-aap-ess": 2,
            "demo-occitanie-aap-innovation-sociale": 1,
            "demo-nouvelle-aquitaine-tiers-lieux": 1,
            "demo-nantes-metropole-fonds-innovation-sociale": 1,
        },
    ),
    ("name", "Equi'val", {"demo-cd94-equival": 2}),
    ("name", "equival", {"demo-cd94-equival": 2}),
    (
        "question",
        "des locaux pour les associations",
        {
            "demo-nantes-metropole-solilab": 2,
            "demo-villeurbanne-locaux-ess": 2,
            "demo-montreuil-ressourcerie": 1,
            "demo-saillans-epicerie-cooperative": 1,
        },
    ),
    ("word", "vélo", {"demo-grenoble-alpes-metropole-ateliers-velo": 2}),
    ("phrase", "jeunes coopérateurs", {"demo-cd35-cooperatives-jeunesse": 2}),
    (
        "acronym",
        "DLA",
        {"demo-gironde-aap-ess": 1, "demo-rennes-metropole-aide-emploi-ess": 1},
    ),
    (
        "phrase",
        "aide à l'emploi dans l'ESS",
        {"demo-rennes-metropole-aide-emploi-ess": 2, "demo-occitanie-scop-scic": 1},
    ),
    (
        "phrase",
        "épicerie solidaire",
        {"demo-saillans-epicerie-cooperative": 2, "demo-villeurbanne-locaux-ess": 1},
    ),
    ("stop words", "le la les des", {}),
]


@dataclass
class Measures:
    ndcg: float  # nDCG@10, mean over the queries with an answer
    recall: float  # recall@10, same
    zero_results: float  # share of those queries that return nothing
    empty: list[str]  # those queries


def dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at(found: list[str], grades: dict[str, int], cutoff: int = CUTOFF) -> float:
    gains = [grades.get(external_id, 0) for external_id in found[:cutoff]]
    ideal = sorted(grades.values(), reverse=True)[:cutoff]
    return dcg(gains) / dcg(ideal)


def recall_at(found: list[str], grades: dict[str, int], cutoff: int = CUTOFF) -> float:
    return len(set(found[:cutoff]) & set(grades)) / len(grades)


def measure(search: Callable[[str], list[str]], judged=JUDGED) -> Measures:
    """The measures of `search` (text → external ids, best first)."""
    answered = [(text, grades) for _kind, text, grades in judged if grades]
    results = {text: search(text) for text, _grades in answered}
    count = len(answered)
    return Measures(
        ndcg=sum(ndcg_at(results[t], g) for t, g in answered) / count,
        recall=sum(recall_at(results[t], g) for t, g in answered) / count,
        zero_results=sum(not results[t] for t, _g in answered) / count,
        empty=[t for t, _g in answered if not results[t]],
    )
