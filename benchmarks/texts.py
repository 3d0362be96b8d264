"""French-ish practice texts for the search benchmark, from fragments and the demo.

Sentences of the 48 demo practices (pooled by theme) are mixed with sentences built
from templates whose slots draw on varied vocabulary, so that the full-text index
sees a realistic spread of words: a few very frequent ones (économie, solidaire,
insertion...), many of middling frequency and a long tail of rare ones.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

DEMO_FILE = (
    Path(__file__).resolve().parents[1]
    / "practices"
    / "data"
    / "demo"
    / "practices.json"
)

# Per theme: the measures a practice of that theme is about (title heads) and the
# words that describe them; used to fill templates.
TOPICS: dict[str, dict[str, list[str]]] = {
    "achats-publics-responsables": {
        "measures": [
            "Clauses sociales dans les marchés publics",
            "Schéma de promotion des achats socialement et écologiquement responsables",
            "Marchés réservés aux structures d'insertion",
            "Facilitateur des clauses sociales",
            "Achats responsables dans la restauration collective",
            "Groupement de commandes responsables",
        ],
        "words": [
            "commande publique",
            "clause d'insertion",
            "SPASER",
            "acheteurs publics",
            "marché réservé",
            "critère environnemental",
            "sourcing",
            "heures d'insertion",
        ],
    },
    "insertion-par-l-activite-economique": {
        "measures": [
            "Chantier d'insertion en maraîchage biologique",
            "Entreprise d'insertion dans le bâtiment",
            "Atelier et chantier d'insertion de réemploi",
            "Régie de quartier",
            "Groupement d'employeurs pour l'insertion et la qualification",
            "Plateforme de l'inclusion pour les SIAE",
        ],
        "words": [
            "SIAE",
            "IAE",
            "parcours d'insertion",
            "salariés en insertion",
            "accompagnement socioprofessionnel",
            "encadrant technique",
            "retour à l'emploi",
            "allocataires du RSA",
        ],
    },
    "economie-circulaire": {
        "measures": [
            "Ressourcerie et recyclerie",
            "Plateforme de réemploi des matériaux du bâtiment",
            "Repair café et ateliers de réparation",
            "Collecte et valorisation des biodéchets",
            "Économie circulaire sur la zone d'activités",
            "Textile : tri et réemploi solidaire",
        ],
        "words": [
            "réemploi",
            "recyclage",
            "déchets",
            "ressourcerie",
            "matériaux",
            "prévention des déchets",
            "écologie industrielle",
            "seconde main",
        ],
    },
    "circuits-courts-alimentaires": {
        "measures": [
            "Projet alimentaire territorial",
            "Légumerie solidaire pour la restauration collective",
            "Épicerie solidaire et circuits courts",
            "Magasin de producteurs en coopérative",
            "Cuisine centrale approvisionnée localement",
            "Marché paysan et AMAP",
        ],
        "words": [
            "circuits courts",
            "producteurs locaux",
            "alimentation durable",
            "agriculture biologique",
            "restauration scolaire",
            "AMAP",
            "maraîchage",
            "précarité alimentaire",
        ],
    },
    "cooperatives-scic": {
        "measures": [
            "Prise de participation dans une SCIC",
            "Coopérative d'activité et d'emploi",
            "SCIC de services à la personne",
            "Reprise d'entreprise en SCOP",
            "Coopérative jeunesse de services",
            "Société coopérative d'intérêt collectif pour le bois-énergie",
        ],
        "words": [
            "SCIC",
            "SCOP",
            "CAE",
            "sociétaires",
            "gouvernance partagée",
            "capital",
            "multisociétariat",
            "coopérateurs",
        ],
    },
    "tiers-lieux": {
        "measures": [
            "Tiers-lieu en milieu rural",
            "Fabrique de territoire",
            "Espace de coworking associatif",
            "Friche culturelle reconvertie en tiers-lieu",
            "Fab lab solidaire",
            "Café associatif et tiers-lieu nourricier",
        ],
        "words": [
            "tiers-lieux",
            "coworking",
            "fablab",
            "animation",
            "communauté",
            "friche",
            "centre-bourg",
            "lieu hybride",
        ],
    },
    "finance-solidaire-innovation-sociale": {
        "measures": [
            "Fonds d'amorçage pour l'innovation sociale",
            "Incubateur d'entreprises sociales",
            "Prêt d'honneur solidaire",
            "Contrat à impact social",
            "Garantie d'emprunt pour les structures de l'ESS",
            "Budget participatif ESS",
        ],
        "words": [
            "finance solidaire",
            "innovation sociale",
            "incubateur",
            "France Active",
            "épargne solidaire",
            "fonds propres",
            "amorçage",
            "changement d'échelle",
        ],
    },
    "commerce-equitable": {
        "measures": [
            "Territoire de commerce équitable",
            "Quinzaine du commerce équitable",
            "Commerce équitable dans la restauration municipale",
            "Boutique de commerce équitable",
        ],
        "words": [
            "commerce équitable",
            "labels",
            "producteurs du Sud",
            "prix juste",
            "Max Havelaar",
            "filières équitables",
        ],
    },
    "mobilite-solidaire": {
        "measures": [
            "Garage solidaire",
            "Plateforme de mobilité pour l'emploi",
            "Location de véhicules à bas coût",
            "Transport solidaire en zone rurale",
            "Atelier vélo participatif",
        ],
        "words": [
            "mobilité",
            "permis de conduire",
            "covoiturage",
            "vélo",
            "auto-école sociale",
            "zones rurales",
        ],
    },
    "habitat-logement": {
        "measures": [
            "Habitat participatif",
            "Auto-réhabilitation accompagnée",
            "Organisme foncier solidaire",
            "Rénovation énergétique solidaire",
            "Intermédiation locative",
        ],
        "words": [
            "logement",
            "habitat",
            "foncier",
            "rénovation",
            "bail réel solidaire",
            "précarité énergétique",
        ],
    },
    "emploi-formation": {
        "measures": [
            "Territoire zéro chômeur de longue durée",
            "Entreprise à but d'emploi",
            "Formation des bénévoles associatifs",
            "Pôle territorial de coopération économique",
            "Groupement d'employeurs associatifs",
        ],
        "words": [
            "emploi",
            "chômeurs de longue durée",
            "formation",
            "PTCE",
            "compétences",
            "EBE",
            "qualification",
        ],
    },
    "sensibilisation-ess": {
        "measures": [
            "Mois de l'économie sociale et solidaire",
            "Mon ESS à l'école",
            "Prix de l'innovation sociale",
            "Forum des initiatives solidaires",
            "Parcours de découverte de l'ESS pour les agents",
        ],
        "words": [
            "sensibilisation",
            "ESS",
            "CRESS",
            "jeunes",
            "éducation populaire",
            "exposition",
            "trophées",
        ],
    },
    "energie-citoyenne": {
        "measures": [
            "Centrale photovoltaïque citoyenne",
            "Parc éolien participatif",
            "Réseau de chaleur bois en régie coopérative",
            "Coopérative d'énergie renouvelable",
            "Boucle d'autoconsommation collective",
        ],
        "words": [
            "énergie citoyenne",
            "photovoltaïque",
            "éolien",
            "transition énergétique",
            "autoconsommation",
            "énergies renouvelables",
        ],
    },
}

PLACES = [
    "en milieu rural",
    "dans les quartiers prioritaires",
    "en centre-bourg",
    "sur le territoire intercommunal",
    "à l'échelle départementale",
    "dans la vallée",
    "en zone de montagne",
    "sur le littoral",
    "en périphérie urbaine",
    "dans la métropole",
]
ACTORS = [
    "la collectivité",
    "les élus",
    "le service développement économique",
    "la CRESS",
    "les associations",
    "les habitants",
    "les entreprises locales",
    "la chambre d'agriculture",
    "la mission locale",
    "France Travail",
    "le conseil de développement",
    "les structures de l'ESS",
    "les bailleurs sociaux",
    "l'Agence de l'eau",
    "la caisse d'allocations familiales",
]
VERBS = [
    "accompagne",
    "finance",
    "co-construit",
    "anime",
    "soutient",
    "expérimente",
    "structure",
    "pérennise",
    "évalue",
    "mutualise",
    "essaime",
    "développe",
]
OUTCOMES = [
    "{n} emplois créés",
    "{n} personnes accompagnées",
    "{n} tonnes de déchets évitées",
    "{n} structures soutenues",
    "{n} % des marchés avec une clause",
    "{n} producteurs mobilisés",
    "{n} heures d'insertion réalisées",
    "{n} bénévoles engagés",
    "{n} repas servis par jour",
    "{n} kWc installés",
]
ADJECTIVES = [
    "durable",
    "solidaire",
    "coopératif",
    "innovant",
    "participatif",
    "territorial",
    "mutualisé",
    "inclusif",
    "citoyen",
    "expérimental",
]
TEMPLATES = [
    "Dans ce cadre, {actor} {verb} le projet de {word} {place}.",
    "Le dispositif de {word} est {adj} : {actor} {verb} les porteurs de projet.",
    "Après deux ans, le bilan fait état de {outcome} et d'un partenariat {adj}.",
    "La démarche associe {actor} et {actor2} autour de la {word2}.",
    "Un comité de pilotage réunit {actor} et {actor2} chaque trimestre.",
    "La question de la {word2} a été travaillée avec {actor} {place}.",
    "L'enjeu principal reste la {word} : {actor} {verb} une réponse {adj}.",
    "Les résultats ({outcome}) ont convaincu {actor} d'étendre l'action {place}.",
    "Une convention pluriannuelle lie {actor} et {actor2}.",
    "Le projet s'appuie sur {word} et {word2}, avec {outcome} à la clé.",
]
PARTNER_HEADS = [
    "Association",
    "SCIC",
    "SCOP",
    "Régie de quartier",
    "Ressourcerie",
    "Coopérative",
    "Collectif",
    "Fondation",
    "Entreprise d'insertion",
    "Chantier d'insertion",
]
PARTNER_NAMES = [
    "Les Jardins de Cocagne",
    "Envie",
    "La Petite Rockette",
    "Tissons la Solidarité",
    "Bois Energie",
    "Terre de Liens",
    "Enercoop",
    "Emmaüs",
    "Le Relais",
    "Habitat et Humanisme",
    "La Fabrique",
    "Solidarauto",
    "Wimoov",
    "Les Compagnons Bâtisseurs",
    "Ulule",
    "La Nef",
    "Initiative France",
    "Le Mouvement associatif",
    "Les Amis de la Terre",
    "Vélo-cité",
]
TITLE_SUFFIXES = [
    "",
    " {place}",
    " : {word} et {word2}",
    " : une démarche {adj}",
    " avec {actor}",
]

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
TAGS = re.compile(r"<[^>]+>")


def _sentences(html: str) -> list[str]:
    text = " ".join(TAGS.sub(" ", html or "").split())
    return [s for s in SENTENCE_SPLIT.split(text) if len(s) > 30]


@dataclass
class PracticeText:
    title: str
    summary: str
    context: str
    objectives: str
    description: list[dict]
    steps: list[dict]
    results: str
    lessons: str
    transferability: str
    partners: list[str] = field(default_factory=list)


class TextGenerator:
    """Deterministic (seeded) texts for generated practices."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        self.by_theme: dict[str, list[str]] = {slug: [] for slug in TOPICS}
        for practice in demo["practices"]:
            sentences = []
            for key in ("summary", "context", "results", "lessons", "transferability"):
                sentences += _sentences(practice.get(key, ""))
            for block in practice.get("description", []):
                if block["type"] == "paragraph":
                    sentences += _sentences(block["value"])
            for theme in practice.get("themes", []):
                self.by_theme.setdefault(theme, []).extend(sentences)
        self.all_sentences = [s for pool in self.by_theme.values() for s in pool]
        self.demo_partners = [
            p["name"] for practice in demo["practices"] for p in practice["partners"]
        ]

    def _slots(self, theme: str) -> dict[str, str]:
        rng = self.rng
        topic = TOPICS[theme]
        other = TOPICS[rng.choice(list(TOPICS))]
        return {
            "actor": rng.choice(ACTORS),
            "actor2": rng.choice(ACTORS),
            "verb": rng.choice(VERBS),
            "word": rng.choice(topic["words"]),
            "word2": rng.choice(topic["words"] + other["words"]),
            "place": rng.choice(PLACES),
            "adj": rng.choice(ADJECTIVES),
            "outcome": rng.choice(OUTCOMES).format(n=rng.randint(3, 900)),
        }

    def sentence(self, theme: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.6:
            return rng.choice(TEMPLATES).format(**self._slots(theme))
        if roll < 0.92 and self.by_theme.get(theme):
            return rng.choice(self.by_theme[theme])
        return rng.choice(self.all_sentences)

    def paragraph(self, theme: str, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.sentence(theme) for _ in range(count))

    def practice(self, themes: list[str]) -> PracticeText:
        rng = self.rng
        main = themes[0]

        def para(low: int, high: int) -> str:
            return self.paragraph(rng.choice(themes), low, high)

        title = rng.choice(TOPICS[main]["measures"]) + rng.choice(
            TITLE_SUFFIXES
        ).format(**self._slots(main))
        return PracticeText(
            title=title[:250],
            summary=para(2, 3)[:600],
            context=f"<p>{para(1, 3)}</p>",
            objectives="<ul>"
            + "".join(
                f"<li>{self.sentence(main)}</li>" for _ in range(rng.randint(2, 3))
            )
            + "</ul>",
            description=[
                {"type": "heading", "value": rng.choice(TOPICS[main]["measures"])},
                {"type": "paragraph", "value": f"<p>{para(2, 4)}</p>"},
                {"type": "paragraph", "value": f"<p>{para(1, 3)}</p>"},
            ],
            steps=[
                {
                    "type": "step",
                    "value": {
                        "title": rng.choice(TOPICS[main]["measures"]),
                        "period": str(rng.randint(2005, 2025)),
                        "description": self.sentence(main),
                    },
                }
                for _ in range(rng.randint(1, 3))
            ],
            results=f"<p>{para(1, 3)}</p>",
            lessons=f"<p>{para(1, 2)}</p>",
            transferability=f"<p>{para(0, 1)}</p>",
            partners=[self.partner() for _ in range(rng.randint(0, 3))],
        )

    def partner(self) -> str:
        rng = self.rng
        if rng.random() < 0.3 and self.demo_partners:
            return rng.choice(self.demo_partners)
        return f"{rng.choice(PARTNER_HEADS)} {rng.choice(PARTNER_NAMES)}"
