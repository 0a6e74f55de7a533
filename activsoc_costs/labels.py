"""The one glossary: every word the officer reads, in French, Dutch and English.

Identifiers stay English in the code; ``label(key, lang)`` gives the reader's
word.  The administration's own wording wins where it exists (R15).
"""
from __future__ import annotations

LANGS = ("fr", "nl")

# identifier: (français, Nederlands, English)
GLOSSARY: dict[str, tuple[str, str, str]] = {
    "subsidy": ("subvention", "subsidie", "subsidy"),
    "convention": ("convention", "overeenkomst", "agreement with the minister"),
    "cpas": ("CPAS", "OCMW", "CPAS"),
    "year": ("année", "jaar", "year"),
    "period": ("période", "periode", "period"),
    "signed": ("date de signature", "datum van ondertekening", "signature date"),
    "granted": ("montant octroyé", "toegekend bedrag", "granted amount"),
    "advance": ("avance (50 %)", "voorschot (50 %)", "advance"),
    "balance": ("solde", "saldo", "balance"),
    "to_receive": ("à recevoir", "te ontvangen", "to receive"),
    "to_pay_back": ("à rembourser", "terug te betalen", "to pay back"),
    "use_of_grant": ("taux d'utilisation", "benuttingsgraad", "use of the grant"),
    "personnel_costs": ("frais de personnel", "personeelskosten", "personnel costs"),
    "operating_costs": ("frais de fonctionnement", "werkingskosten", "operating costs"),
    "claimed": ("justifié", "verantwoord", "claimed"),
    "accepted": ("accepté (≤ octroyé)", "aanvaard (≤ toegekend)", "accepted (≤ granted)"),
    "not_eligible": ("non éligible", "niet subsidieerbaar", "not eligible"),
    "excluded": ("exclu", "uitgesloten", "excluded"),
    "other_use": ("autre affectation", "andere bestemming", "other use"),
    "amount": ("montant", "bedrag", "amount"),
    "total": ("total", "totaal", "total"),
    "double_subsidy": ("double subventionnement", "dubbele subsidiëring", "double subsidising"),
    "final_report": ("rapport final", "eindverslag", "final report"),
    "justification": ("justification", "verantwoording", "justification"),
    "time_share": ("quote-part du temps", "tijdsaandeel", "time share"),
    "caseload_share": ("prorata des dossiers PIIS", "pro rata van de GPMI-dossiers", "caseload share"),
    "direct": ("affectation directe (100 %)", "rechtstreekse toewijzing (100 %)", "direct"),
    "fixed_share": ("part fixe justifiée", "verantwoord vast aandeel", "justified fixed share"),
    "productive_hours": ("heures productives", "productieve uren", "productive hours"),
    "social_worker": ("assistant(e) social(e)", "maatschappelijk werker", "social worker"),
    "administrative_staff": ("agent administratif", "administratief medewerker", "administrative staff"),
    "teacher": ("enseignant(e) / formateur", "leerkracht / lesgever", "teacher"),
    "coordinator": ("coordinateur / coordinatrice", "coördinator", "coordinator"),
    "other_function": ("autre fonction", "andere functie", "other function"),
    "bilan_social": ("bilan social", "sociale balans", "social assessment"),
    "piis": ("PIIS", "GPMI", "PIIS"),
    "social_activation": ("activation sociale", "sociale activering", "social activation"),
    "social_work": ("travail social", "maatschappelijk werk", "social work"),
    "professional_activation": ("activation professionnelle", "professionele activering", "professional activation"),
    "studies": ("études", "studies", "studies"),
    "volunteering": ("bénévolat / volontariat", "vrijwilligerswerk", "volunteering"),
    "participant_refund": ("défraiement des participants (1 €/heure)", "vergoeding voor deelnemers (1 €/uur)", "participant refund"),
    "literacy": ("alphabétisation", "alfabetisering", "literacy"),
    "second_language": ("FLE (français langue étrangère)", "NT2 (Nederlands als tweede taal)", "language course"),
    "pre_training": ("préformation", "voortraject / vooropleiding", "pre-training"),
    "pre_training_job": ("préformation menant directement à un emploi", "vooropleiding die rechtstreeks naar werk leidt", "pre-training leading to a job"),
    "partnership": ("partenariat", "partnerschap", "partnership"),
    "subcontracting": ("sous-traitance", "onderaanneming", "subcontracting"),
    "own": ("en propre", "eigen beheer", "own"),
    "procurement_ref": ("référence du marché public", "referentie overheidsopdracht", "procurement reference"),
    "intermediate_evaluation": ("évaluation intermédiaire", "tussentijdse evaluatie", "intermediate evaluation"),
    "dropout_reason": ("motif d'abandon", "reden van stopzetting", "reason for leaving"),
    "outcome": ("résultat du parcours", "resultaat van het traject", "outcome"),
    "socio_professional": ("parcours socioprofessionnel", "socio-professioneel traject", "socio-professional trajectory"),
    "autonomy": ("renforcement de l'autonomie", "versterking van de autonomie", "stronger autonomy"),
    "job": ("emploi", "werk", "job"),
    "left_with_reason": ("sorti avec motif (R20)", "gestopt met reden (R20)", "left with a reason (R20)"),
    "ongoing": ("en cours", "lopend", "ongoing"),
    "objective": ("objectif", "doelstelling", "objective"),
    "realised": ("réalisé", "gerealiseerd", "realised"),
    "counted": ("comptabilisé", "meegeteld", "counted"),
    "carry_over": ("peut compter à nouveau l'an prochain (R19)", "mag volgend jaar opnieuw tellen (R19)", "may count again next year (R19)"),
    "problems": ("problèmes", "problemen", "problems"),
    "warnings": ("avertissements", "waarschuwingen", "warnings"),
    "rules": ("règles", "regels", "rules"),
    "source": ("source", "bron", "source"),
    "yes": ("oui", "ja", "yes"),
    "no": ("non", "nee", "no"),
    # R15: the convention's table, the administration's wording
    "line_1": ("1. Nombre total de bénéficiaires pour lesquels un bilan social est réalisé (screening + détermination du parcours)",
               "1. Totaal aantal begunstigden waarvoor een sociale balans wordt gerealiseerd (screening + trajectbepaling)",
               "1. Beneficiaries with a social assessment"),
    "line_2": ("2. Nombre total de bénéficiaires dans un parcours d'activation sociale via un PIIS",
               "2. Totaal aantal begunstigden in een traject sociale activering via een GPMI",
               "2. Beneficiaries in a social-activation trajectory under a PIIS"),
    "line_2.1": ("2.1. Via un parcours de préparation à un parcours socioprofessionnel",
                 "2.1. Via een traject ter voorbereiding van een socio-professioneel traject",
                 "2.1 preparing a socio-professional trajectory"),
    "line_2.2": ("2.2. Via un parcours en vue de la participation à des workshops / modules dynamisants / ateliers participatifs",
                 "2.2. Via een traject met het oog op de deelname aan workshops/dynamiserende modules/participatieve ateliers",
                 "2.2 workshops / dynamising modules / participatory ateliers"),
    "line_2.3": ("2.3. Via un parcours en vue du bénévolat",
                 "2.3. Via een traject met het oog op vrijwilligerswerk",
                 "2.3 volunteering"),
}

_IDX = {"fr": 0, "nl": 1, "en": 2}


def label(key: str, lang: str = "fr") -> str:
    """The reader's word for ``key``; the key itself if the glossary lacks it."""
    entry = GLOSSARY.get(key)
    return entry[_IDX.get(lang, 0)] if entry else key
