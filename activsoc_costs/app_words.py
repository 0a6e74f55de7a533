"""app_words: every word of the what-if app that the glossary (``labels``) does
not hold, in French and Dutch, and the app's introduction.  The domain words
(granted, claimed, PIIS...) come from :data:`labels.GLOSSARY`; :func:`T` looks
here first, then there.  A test checks that each Dutch word is really Dutch
(none left equal to its French one unless it is the same word in both).
"""
from __future__ import annotations

from .labels import label

# Words of the app itself (the domain words come from labels.GLOSSARY)
UI: dict[str, tuple[str, str]] = {
    "title": ("Budget prévisionnel — que se passe-t-il si… ?", "Begroting — wat als…?"),
    "tab_budget": ("Budget", "Begroting"),
    "tab_scenarios": ("Scénarios", "Scenario's"),
    "tab_monitor": ("Suivi en cours d'année", "Opvolging tijdens het jaar"),
    "tab_data": ("Données", "Gegevens"),
    "staff": ("Membre du personnel", "Personeelslid"),
    "basis": ("Base du calcul (données, avant le scénario)", "Berekeningsbasis (gegevens, vóór het scenario)"),
    "sa_hours": ("Heures activation sociale", "Uren sociale activering"),
    "worked_hours": ("Heures prestées", "Gewerkte uren"),
    "piis_files": ("Dossiers PIIS AS", "GPMI-SA dossiers"),
    "all_files": ("Total dossiers", "Totaal dossiers"),
    "share_pct": ("Part %", "Aandeel %"),
    "justified": ("Justification écrite (R9)", "Schriftelijke verantwoording (R9)"),
    "other_funding_pct": ("Autre financement % (R10)", "Andere financiering % (R10)"),
    "cost": ("Coût employeur (€)", "Werkgeverskost (€)"),
    "removed": ("Ne plus compter", "Niet meer meetellen"),
    "reset_staff": ("Revenir aux données", "Terug naar de gegevens"),
    "recruit": ("Recrutement prévu", "Geplande aanwerving"),
    "recruit_id": ("Identifiant", "Identificatie"),
    "function": ("Fonction", "Functie"),
    "key": ("Clé", "Sleutel"),
    "add": ("Ajouter", "Toevoegen"),
    "remove_last": ("Retirer le dernier", "Laatste verwijderen"),
    "trajectories": ("Trajets prévus (R15)", "Geplande trajecten (R15)"),
    "modules": ("Modules prévus : heures × participants × taux (R11)",
                "Geplande modules: uren × deelnemers × tarief (R11)"),
    "module_name": ("Module", "Module"),
    "hours": ("Heures", "Uren"),
    "participants": ("Participants", "Deelnemers"),
    "rate": ("Taux €/h", "Tarief €/u"),
    "operating_by_purpose": ("Frais de fonctionnement justifiés, par objet (€)",
                             "Verantwoorde werkingskosten, per doel (€)"),
    "grant": ("Subvention (R2, R5)", "Subsidie (R2, R5)"),
    "amount_2014": ("Montant 2014 (+ 20 %, R5)", "Bedrag 2014 (+ 20 %, R5)"),
    "results": ("Résultats", "Resultaten"),
    "cost_per_trajectory": ("coût par trajet (ligne 2)", "kost per traject (lijn 2)"),
    "gap": ("écart", "verschil"),
    "name": ("Nom du scénario", "Naam van het scenario"),
    "save": ("Enregistrer", "Opslaan"),
    "load": ("Charger", "Laden"),
    "compare": ("Comparer", "Vergelijken"),
    "export": ("Exporter le tableau justificatif", "Verantwoordingstabel exporteren"),
    "download": ("Télécharger", "Downloaden"),
    "saved": ("Enregistré", "Opgeslagen"),
    "loaded": ("Chargé", "Geladen"),
    "written": ("Écrit", "Geschreven"),
    "as_of": ("Dépenses réelles au", "Werkelijke uitgaven op"),
    "budgeted": ("budgété (plan)", "begroot (plan)"),
    "actual": ("réel", "werkelijk"),
    "theoretical": ("théorique (prorata temporis)", "theoretisch (pro rata temporis)"),
    "projected": ("projection fin d'année", "projectie eind van het jaar"),
    "personnel": ("frais de personnel", "personeelskosten"),
    "operating": ("frais de fonctionnement", "werkingskosten"),
    "total": ("total", "totaal"),
    "budget_plan": ("Plan budgétaire de la convention (€)", "Begrotingsplan van de overeenkomst (€)"),
    "upload": ("Classeur de données (.xlsx)", "Gegevensbestand (.xlsx)"),
    "inputs": ("Données lues", "Gelezen gegevens"),
    "no_warnings": ("Aucun avertissement", "Geen waarschuwingen"),
    "not_an_amount": ("n'est pas un montant valable", "is geen geldig bedrag"),
    "ambiguous_dot": ("se lit de deux façons (1.600 : mille six cents ou un virgule six ?) : écrivez 1600 ou "
                      "1 600 pour mille six cents, 1,6 pour un virgule six ; rien n'a été changé",
                      "is op twee manieren te lezen: schrijf 1600 of 1.600 voor duizend zeshonderd, 1,6 voor "
                      "één komma zes; er is niets gewijzigd"),
    "not_a_number": ("n'est pas un nombre valable (virgule pour les décimales : 37,5) ; rien n'a été changé",
                     "is geen geldig getal (komma voor de decimalen: 37,5); er is niets gewijzigd"),
    "none_selected": ("Choisissez au moins un scénario", "Kies minstens één scenario"),
    "current": ("(actuel)", "(huidig)"),
    "elapsed": ("jours écoulés", "verstreken dagen"),
    # the notebooks' tables (app_views: problems_frame, inputs_summary, staff_frame)
    "col_code": ("code du message", "berichtcode"),
    "col_file": ("fichier", "bestand"),
    "col_sheet": ("feuille", "blad"),
    "col_row": ("ligne", "rij"),
    "col_column": ("colonne", "kolom"),
    "col_value": ("valeur", "waarde"),
    "col_rule": ("règle", "regel"),
    "col_message": ("message", "bericht"),
    "col_rows": ("lignes lues", "gelezen rijen"),
    "col_total": ("total", "totaal"),
    "col_data": ("données de la clé", "gegevens van de sleutel"),
    "col_share": ("part", "aandeel"),
    "col_cap": ("part plafonnée (R10)", "begrensd aandeel (R10)"),
    "col_rules": ("règles", "regels"),
    # a cluster (issue 11 item 3: app_cluster)
    "cluster_unit": ("Cluster ou membre affiché", "Getoonde cluster of lid"),
    "cluster_whole": ("Cluster entier", "Volledige cluster"),
    "cluster_hint": ("Le cluster entier : choisissez un membre pour changer son scénario ; les chiffres du cluster "
                     "suivent les scénarios de tous les membres.",
                     "De volledige cluster: kies een lid om zijn scenario te wijzigen; de cijfers van de cluster "
                     "volgen de scenario's van alle leden."),
    "promoter": ("promoteur", "promotor"),
    "member": ("membre", "lid"),
    "role": ("rôle", "rol"),
    "distribution": ("Répartition du montant accepté et de l'avance entre les membres",
                     "Verdeling van het aanvaarde bedrag en het voorschot over de leden"),
    "distributed": ("part du montant accepté", "aandeel in het aanvaarde bedrag"),
    "advance_share": ("part de l'avance", "aandeel in het voorschot"),
    "member_balance": ("solde du membre (part − avance)", "saldo van het lid (aandeel − voorschot)"),
    "method_pro_rata_claimed": ("Répartition au prorata du montant justifié de chaque membre, au cent près (plus "
                                "grands restes).",
                                "Verdeling naar verhouding van het verantwoorde bedrag van elk lid, tot op de cent "
                                "(grootste resten)."),
    "method_agreed_key": ("Répartition selon la clé convenue, au cent près (plus grands restes).",
                          "Verdeling volgens de afgesproken sleutel, tot op de cent (grootste resten)."),
    "cluster_recomputed": ("Recalculé à chaque changement : le justifié de chaque membre (ses règles), le total du "
                           "cluster, l'accepté (R2), la répartition, les PIIS et bilans additionnés.",
                           "Herberekend bij elke wijziging: het verantwoorde bedrag van elk lid (zijn regels), het "
                           "totaal van de cluster, het aanvaarde bedrag (R2), de verdeling, de opgetelde GPMI's en "
                           "balansen."),
    "cluster_note_piis": ("Nombre de PIIS prévu par un membre : pris tel quel ; la règle R17 entre membres (une "
                          "personne compte une fois) n'est pas réappliquée.",
                          "Gepland aantal GPMI's van een lid: overgenomen zoals ingegeven; regel R17 tussen de "
                          "leden (een persoon telt één keer) wordt niet opnieuw toegepast."),
    "cluster_note_bilans": ("Bilans prévus par un membre : le total du cluster change de la même différence (les "
                            "nouvelles personnes sont supposées sans bilan chez un autre membre ; non vérifié).",
                            "Geplande balansen van een lid: het totaal van de cluster wijzigt met hetzelfde "
                            "verschil (nieuwe personen worden verondersteld geen balans bij een ander lid te "
                            "hebben; niet nagekeken)."),
    "cluster_no_export": ("Cluster : le tableau justificatif d'un scénario n'est pas exporté ici (le classeur d'un "
                          "membre seul opposerait son justifié à tout le montant octroyé) ; le classeur du cluster : "
                          "activsoc-costs report DOSSIER --out SORTIE.",
                          "Cluster: de verantwoordingstabel van een scenario wordt hier niet geëxporteerd (het "
                          "bestand van één lid alleen zou zijn verantwoord bedrag tegenover het hele toegekende "
                          "bedrag zetten); het bestand van de cluster: activsoc-costs report MAP --out UITVOER."),
    "cluster_monitor": ("Membre d'un cluster : la projection n'est pas comparée au montant octroyé, qui est celui du "
                        "cluster (R2).",
                        "Lid van een cluster: de projectie wordt niet vergeleken met het toegekende bedrag, dat van "
                        "de cluster is (R2)."),
    "cluster_note_grant": ("Le montant octroyé et l'avance sont ceux du cluster : le montant prévu dans le scénario "
                           "d'un membre n'est pas utilisé.",
                           "Het toegekende bedrag en het voorschot zijn die van de cluster: het geplande bedrag in "
                           "het scenario van een lid wordt niet gebruikt."),
}


# The introduction shown above the app (Voilà hides the notebook's code; the
# notebook has no markdown cell, so that a Dutch page has no French text).
INTRO: dict[str, tuple[str, str]] = {
    "intro": ("Changez une part, des heures, un recrutement, le nombre de PIIS, les modules, les frais ou le montant "
              "octroyé : les résultats (justifié, accepté, solde, taux d'utilisation, coût par trajet, écart aux "
              "objectifs, avertissements) se mettent à jour aussitôt. Les scénarios s'enregistrent dans "
              "outputs/scenarios/ ; l'onglet « Suivi en cours d'année » compare le budget, le réel, le théorique et "
              "la projection de fin d'année.",
              "Wijzig een aandeel, uren, een aanwerving, het aantal GPMI's, de modules, de kosten of het toegekende "
              "bedrag: de resultaten (verantwoord, aanvaard, saldo, benuttingsgraad, kost per traject, verschil met "
              "de doelstellingen, waarschuwingen) worden meteen bijgewerkt. De scenario's worden bewaard in "
              "outputs/scenarios/; het tabblad « Opvolging tijdens het jaar » vergelijkt de begroting, het "
              "werkelijke, het theoretische en de projectie op het einde van het jaar."),
}


def T(key: str, lang: str) -> str:
    """The app's word for ``key`` in ``lang`` (fr, nl), else the glossary's."""
    entry = UI.get(key) or INTRO.get(key)
    return entry[1 if lang == "nl" else 0] if entry else label(key, lang)


def enum_label(enum: str, cid: str, lang: str) -> str:
    """The reader's word for a code of the input files (a function, a key, a purpose)."""
    from .schema import ENUMS
    entry = ENUMS.get(enum, {}).get(cid)
    return (entry[1] if lang == "nl" else entry[0]) if entry else label(cid, lang)
