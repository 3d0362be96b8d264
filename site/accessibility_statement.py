"""The accessibility statement (RGAA 4.1 model): the body of the "Accessibilité" page.

`bootstrap.setup_site` creates the page with it, and puts it in place of the
former two-line stub; after that, the page is the editorial team's to keep up
to date in the admin (a new audit, a fixed defect). The results below are those
of the automated audit the browser tests run (tests/browser/test_accessibility_axe.py):
update both together.
"""

# The body the first versions created: replaced by the statement where unchanged.
FORMER_STUB = (
    "<p>Ce site vise la conformité au référentiel général "
    "d'amélioration de l'accessibilité (RGAA 4.1). Pour signaler un "
    "défaut d'accessibilité, écrivez à l'équipe du RTES.</p>"
)

AUDIT_DATE = "2 décembre 2026"
CONTACT_EMAIL = "accessibilite@rtes.example"

PAGES_CHECKED = (
    "la page d'accueil",
    "le catalogue des pratiques : la recherche, sans critère, avec des mots et "
    "avec des filtres",
    "une fiche pratique (avec image, document et contact), vue par un visiteur "
    "et par un membre connecté",
    "la liste des territoires membres",
    "la page d'un territoire membre, vue par un visiteur et par un membre connecté",
    "les pages éditoriales (cette page, « À propos »)",
    "la page d'abonnement à la lettre des pratiques",
    "la page « Devenir membre », avec et sans erreur de saisie, et sa confirmation",
    "la page de connexion des membres, avec et sans erreur de saisie",
    "la page « Page introuvable »",
    "la page d'accueil et une fiche pratique en anglais (/en/)",
)

CRITERIA_CHECKED = (
    "images et alternatives textuelles (critères 1.1, 1.2)",
    "contrastes du texte (3.2)",
    "structure des tableaux de données, liens et boutons nommés (5.6, 6.1, 6.2, 7.1)",
    "langue par défaut, langue des passages en français sur les pages en "
    "anglais, titre de page, balisage valide des identifiants (8.2 à 8.7)",
    "titres et structure des listes (9.1, 9.3)",
    "lisibilité à 320 pixels de large, sans défilement horizontal (10.11)",
    "étiquettes des champs, regroupements, erreurs de saisie (11.1, 11.2, "
    "11.10, 11.11)",
    "zones de navigation, lien d'évitement (12.6, 12.7) ; parcours au clavier de "
    "la recherche et de l'abonnement (12.8)",
)

KNOWN_DEFECTS = (
    "Les documents téléchargeables (PDF et autres fichiers déposés par les "
    "territoires membres, y compris ceux de la démonstration) ne sont pas "
    "vérifiés et ne sont en général pas balisés pour les technologies "
    "d'assistance (critère 13.3).",
    "Le texte alternatif des images des fiches est saisi par chaque territoire : "
    "sa pertinence n'est pas vérifiée (critère 1.3).",
    "Les critères qui demandent un jugement humain (pertinence des titres et "
    "des intitulés de liens, ordre de lecture, compatibilité avec les lecteurs "
    "d'écran NVDA, JAWS et VoiceOver, consultation sans feuille de style, "
    "animations et contenus en mouvement) n'ont pas encore été évalués.",
    "L'interface d'administration (Wagtail), utilisée par les territoires pour "
    "rédiger leurs fiches, n'a pas été évaluée.",
)

TOOLS = (
    "axe-core 4.14.1 (Deque Systems), règles WCAG 2.0 et 2.1 niveaux A et AA, "
    "lancé à chaque exécution des tests",
    "Chromium 156 sans interface, piloté par Playwright 1.65",
    "les tests automatisés du site : parcours au clavier de la recherche et de "
    "l'abonnement, affichage à 320 pixels de large, attributs de langue, "
    "étiquettes et messages d'erreur des formulaires",
)


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


STATEMENT = (
    "<p>Le Réseau des Territoires pour l'Économie Solidaire (RTES) s'engage à rendre "
    "son site accessible conformément à l'article 47 de la loi n° 2005-102 du "
    "11 février 2005. Cette déclaration d'accessibilité s'applique au site "
    "« Pratiques des territoires ».</p>"
    "<h2>État de conformité</h2>"
    "<p>Le site « Pratiques des territoires » est <b>non conforme</b> avec le "
    "référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2 : "
    "aucun audit complet des 106 critères du RGAA n'a encore été mené, et seuls "
    "les critères qu'un outil peut vérifier l'ont été.</p>"
    "<h2>Résultats des tests</h2>"
    f"<p>Le {AUDIT_DATE}, un audit automatisé a été mené sur les pages "
    "suivantes :</p>"
    f"{_list(PAGES_CHECKED)}"
    "<p>Il n'a relevé <b>aucune erreur</b> sur ces pages pour les règles "
    "vérifiées, qui portent notamment sur :</p>"
    f"{_list(CRITERIA_CHECKED)}"
    "<p>Un outil automatique ne détecte qu'une partie des défauts "
    "d'accessibilité : ce résultat ne permet pas de calculer un taux de "
    "conformité au RGAA.</p>"
    "<h2>Contenus non accessibles</h2>"
    "<h3>Non-conformités connues</h3>"
    f"{_list(KNOWN_DEFECTS)}"
    "<h3>Dérogations pour charge disproportionnée</h3>"
    "<p>Aucune.</p>"
    "<h3>Contenus non soumis à l'obligation d'accessibilité</h3>"
    "<p>Aucun.</p>"
    "<h2>Établissement de cette déclaration d'accessibilité</h2>"
    f"<p>Cette déclaration a été établie le {AUDIT_DATE}.</p>"
    "<h3>Technologies utilisées pour la réalisation du site</h3>"
    "<ul><li>HTML5</li><li>CSS</li><li>JavaScript (facultatif : le site "
    "fonctionne sans)</li></ul>"
    "<h3>Outils et environnement de test</h3>"
    f"{_list(TOOLS)}"
    "<h2>Retour d'information et contact</h2>"
    "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez "
    "contacter l'équipe du RTES pour être orienté vers une alternative accessible "
    "ou obtenir le contenu sous une autre forme : "
    f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>'
    "<h2>Voies de recours</h2>"
    "<p>Si vous avez signalé au responsable du site un défaut d'accessibilité qui "
    "vous empêche d'accéder à un contenu ou à un des services du site et que vous "
    "n'avez pas obtenu de réponse satisfaisante, vous pouvez :</p>"
    "<ul>"
    '<li>écrire un message au Défenseur des droits : <a href="https://formulaire.'
    'defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr</a> ;</li>'
    "<li>contacter le délégué du Défenseur des droits dans votre région : "
    '<a href="https://www.defenseurdesdroits.fr/saisir/delegues">'
    "www.defenseurdesdroits.fr/saisir/delegues</a> ;</li>"
    "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
    "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>"
    "</ul>"
)
