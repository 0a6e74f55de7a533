"""The input format: tables, their columns, types and allowed values, in French
and Dutch.  The template, the loader and the README are all made from this one
description, so they cannot disagree.

A column's ``kind``:
  text, int (whole number >= 0), decimal (>= 0), money (euro, two decimals at
  most, >= 0), percent (0-100), date, month (a month, any day in it), enum.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

# Allowed values of the enum columns: canonical id -> (français, Nederlands).
ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "function": {
        "social_worker": ("assistant social", "maatschappelijk werker"),
        "administrative": ("agent administratif", "administratief medewerker"),
        "teacher": ("enseignant", "lesgever"),
        "coordinator": ("coordinateur", "coördinator"),
        "other": ("autre", "andere"),
    },
    "key": {
        "time": ("temps", "tijd"),
        "caseload": ("dossiers", "dossiers"),
        "direct": ("direct", "rechtstreeks"),
        "fixed": ("part fixe", "vast aandeel"),
    },
    "method": {
        "hours": ("heures", "uren"),
        "productive_hours": ("heures productives", "productieve uren"),
    },
    "activity": {  # R25: time records tell social activation apart from social work
        "social_activation": ("activation sociale", "sociale activering"),
        "social_work": ("travail social", "maatschappelijk werk"),
        "professional_activation": ("activation professionnelle", "professionele activering"),
        "other": ("autre", "andere"),
    },
    "piis_type": {
        "2.1": ("2.1", "2.1"),
        "2.2": ("2.2", "2.2"),
        "2.3": ("2.3", "2.3"),
        "professional": ("activation professionnelle", "professionele activering"),
        "studies": ("études", "studies"),
    },
    "outcome": {  # R23
        "socio_professional": ("parcours socioprofessionnel", "socio-professioneel traject"),
        "autonomy": ("autonomie", "autonomie"),
        "volunteering": ("bénévolat", "vrijwilligerswerk"),
        "job": ("emploi", "werk"),
    },
    "purpose": {
        "social_activation": ("activation sociale", "sociale activering"),
        "participant_refund": ("défraiement participants", "vergoeding deelnemers"),
        "literacy": ("alphabétisation", "alfabetisering"),
        "language_course": ("cours de langue", "taalcursus"),
        "pre_training": ("préformation", "vooropleiding"),
        "pre_training_job": ("préformation vers emploi", "vooropleiding naar werk"),
        "professional_activation": ("activation professionnelle", "professionele activering"),
        "studies": ("études", "studies"),
    },
    "contract": {  # R14
        "own": ("en propre", "eigen beheer"),
        "partnership": ("partenariat", "partnerschap"),
        "subcontracting": ("sous-traitance", "onderaanneming"),
    },
}

# Extra spellings accepted on input (normalised, see ``norm``).
ENUM_ALIASES: dict[str, dict[str, str]] = {
    "function": {"assistante sociale": "social_worker", "as": "social_worker", "mw": "social_worker",
                 "administratif": "administrative", "admin": "administrative",
                 "enseignante": "teacher", "formateur": "teacher", "formatrice": "teacher",
                 "leerkracht": "teacher", "coordinatrice": "coordinator", "coordinator": "coordinator"},
    "key": {"temps de travail": "time", "prorata dossiers": "caseload", "caseload": "caseload",
            "affectation directe": "direct", "100%": "direct", "fixe": "fixed", "vast": "fixed"},
    "piis_type": {"2,1": "2.1", "2,2": "2.2", "2,3": "2.3", "professionnel": "professional",
                  "professioneel": "professional", "emploi": "professional", "formation": "professional",
                  "etudes": "studies", "studie": "studies"},
    "outcome": {"socioprofessionnel": "socio_professional", "socio-professionnel": "socio_professional",
                "benevolat": "volunteering", "volontariat": "volunteering", "travail": "job", "emploi": "job"},
    "purpose": {"fle": "language_course", "nt2": "language_course", "alpha": "literacy",
                "defraiement": "participant_refund", "remboursement participants": "participant_refund"},
}


@dataclass(frozen=True)
class Column:
    id: str
    fr: str
    nl: str
    kind: str
    required: bool = False
    enum: str | None = None
    note_fr: str = ""
    note_nl: str = ""
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.fr

    def note(self, lang: str) -> str:
        return self.note_nl if lang == "nl" else self.note_fr


@dataclass(frozen=True)
class Table:
    id: str
    fr: str
    nl: str
    columns: tuple[Column, ...]
    required: bool = True
    key: str | None = None  # the column whose values must be unique
    note_fr: str = ""
    note_nl: str = ""
    aliases: tuple[str, ...] = field(default=())

    def name(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.fr

    def column(self, cid: str) -> Column:
        return next(c for c in self.columns if c.id == cid)


C = Column
TABLES: tuple[Table, ...] = (
    Table("convention", "convention", "overeenkomst", (
        C("cpas", "CPAS", "OCMW", "text", True, note_fr="Nom du CPAS", note_nl="Naam van het OCMW"),
        C("year", "année", "jaar", "int", True, note_fr="Année de la convention (R1, R5)", note_nl="Jaar van de overeenkomst (R1, R5)"),
        C("signed", "date de signature", "datum ondertekening", "date",
          note_fr="Date de signature de la convention (R1 : frais éligibles dès le 1/1, même avant)",
          note_nl="Datum van ondertekening (R1: kosten subsidieerbaar vanaf 1/1, ook ervoor)"),
        C("granted", "montant octroyé", "toegekend bedrag", "money",
          note_fr="Montant octroyé en euro ; vide en 2016/2017 : montant 2014 + 20 % (R5)",
          note_nl="Toegekend bedrag in euro; leeg in 2016/2017: bedrag 2014 + 20 % (R5)"),
        C("amount_2014", "montant 2014", "bedrag 2014", "money",
          note_fr="Montant 2014, base du calcul 2016/2017 (R5)", note_nl="Bedrag 2014, basis voor 2016/2017 (R5)"),
        C("advance_paid", "avance reçue", "ontvangen voorschot", "money",
          note_fr="Avance reçue ; vide : la part d'avance de l'année (paramètres, 50 % en 2015) du montant octroyé (R2)", note_nl="Ontvangen voorschot; leeg: het voorschotaandeel van het jaar (parameters, 50 % in 2015) van het toegekende bedrag (R2)"),
        C("refund_rate", "taux de défraiement", "vergoedingstarief", "money",
          note_fr="Défraiement des participants, en euro par heure de présence, fixé par le CPAS ; vide : taux de l'année (R11)",
          note_nl="Vergoeding van de deelnemers, in euro per aanwezigheidsuur, vastgelegd door het OCMW; leeg: tarief van het jaar (R11)"),
        C("obj_bilans", "objectif 1 bilans sociaux", "doelstelling 1 sociale balansen", "int",
          note_fr="Objectif ligne 1 (R15)", note_nl="Doelstelling lijn 1 (R15)"),
        C("obj_2_1", "objectif 2.1", "doelstelling 2.1", "int", note_fr="Objectif 2.1 (R15)", note_nl="Doelstelling 2.1 (R15)"),
        C("obj_2_2", "objectif 2.2", "doelstelling 2.2", "int", note_fr="Objectif 2.2 (R15)", note_nl="Doelstelling 2.2 (R15)"),
        C("obj_2_3", "objectif 2.3", "doelstelling 2.3", "int", note_fr="Objectif 2.3 (R15)", note_nl="Doelstelling 2.3 (R15)"),
    ), note_fr="Une seule ligne : la convention signée avec le ministre",
       note_nl="Eén rij: de overeenkomst met de minister"),
    Table("staff", "personnel", "personeel", (
        C("id", "id", "id", "text", True, note_fr="Identifiant du membre du personnel (pas de nom requis)",
          note_nl="Identificatie van het personeelslid (geen naam nodig)"),
        C("function", "fonction", "functie", "enum", True, "function",
          note_fr="Assistant social, agent administratif (R9), enseignant (R8), coordinateur, autre",
          note_nl="Maatschappelijk werker, administratief medewerker (R9), lesgever (R8), coördinator, andere"),
        C("start", "début", "begin", "date", note_fr="Début de la période travaillée (vide : début de l'année)",
          note_nl="Begin van de gewerkte periode (leeg: begin van het jaar)"),
        C("end", "fin", "einde", "date", note_fr="Fin de la période travaillée (vide : fin de l'année)",
          note_nl="Einde van de gewerkte periode (leeg: einde van het jaar)"),
        C("fte", "ETP", "VTE", "decimal", note_fr="Équivalent temps plein, 0 à 1 (vide : 1)", note_nl="Voltijds equivalent, 0 tot 1 (leeg: 1)"),
        C("cost", "coût employeur", "werkgeverskost", "money",
          note_fr="Coût employeur total payé pour la période (brut, cotisations, pécule, prime) ; vide si lignes de paie",
          note_nl="Totale werkgeverskost betaald voor de periode; leeg bij loonlijnen"),
        C("key", "clé", "sleutel", "enum", True, "key",
          note_fr="temps (R6), dossiers (R7/R8), direct (R8), part fixe (R9)",
          note_nl="tijd (R6), dossiers (R7/R8), rechtstreeks (R8), vast aandeel (R9)"),
        C("method", "méthode", "methode", "enum", enum="method",
          note_fr="Clé temps : heures (heures AS / heures prestées) ou heures productives (coût / heures productives × heures AS)",
          note_nl="Sleutel tijd: uren (uren SA / gewerkte uren) of productieve uren"),
        C("productive_hours", "heures productives", "productieve uren", "decimal",
          note_fr="Méthode heures productives : vide = 1 720 h × ETP au prorata de la période",
          note_nl="Methode productieve uren: leeg = 1 720 u × VTE pro rata van de periode"),
        C("share", "part %", "aandeel %", "percent", note_fr="Clé part fixe : pourcentage 0-100 (R9)",
          note_nl="Sleutel vast aandeel: percentage 0-100 (R9)"),
        C("justification", "justification", "verantwoording", "text",
          note_fr="Obligatoire pour le personnel administratif et la part fixe : lien direct et proportionnalité (R9)",
          note_nl="Verplicht voor administratief personeel en vast aandeel: rechtstreeks verband en proportionaliteit (R9)"),
        C("other_funding", "autre financement %", "andere financiering %", "percent",
          note_fr="Part du coût financée par une autre subvention, 0-100 (R10)", note_nl="Deel van de kost gefinancierd door een andere subsidie, 0-100 (R10)"),
        C("other_funder", "autre financeur", "andere financier", "text", note_fr="Ex. PAS (R10)", note_nl="Bv. PAS (R10)"),
    ), key="id", note_fr="Une ligne par membre du personnel", note_nl="Eén rij per personeelslid"),
    Table("payroll", "paie", "loonlijst", (
        C("staff_id", "id personnel", "id personeel", "text", True),
        C("month", "mois", "maand", "month", True, note_fr="Mois presté (jj/mm/aaaa ou mm/aaaa)", note_nl="Gewerkte maand (dd/mm/jjjj of mm/jjjj)"),
        C("amount", "coût employeur", "werkgeverskost", "money", True, note_fr="Coût employeur du mois", note_nl="Werkgeverskost van de maand"),
    ), required=False, note_fr="Facultatif : lignes de paie mensuelles au lieu du coût annuel",
       note_nl="Facultatief: maandelijkse loonlijnen in plaats van de jaarkost"),
    Table("time", "temps", "tijd", (
        C("staff_id", "id personnel", "id personeel", "text", True),
        C("date", "date", "datum", "date"),
        C("activity", "activité", "activiteit", "enum", True, "activity",
          note_fr="activation sociale, travail social (R25 : non éligible), activation professionnelle, autre",
          note_nl="sociale activering, maatschappelijk werk (R25), professionele activering, andere"),
        C("hours", "heures", "uren", "decimal", True),
    ), required=False, note_fr="Heures prestées par activité (clé temps, R6, R25)", note_nl="Gewerkte uren per activiteit (sleutel tijd, R6, R25)"),
    Table("caseload", "dossiers", "dossiers", (
        C("staff_id", "id personnel", "id personeel", "text", True),
        C("date", "date", "datum", "date"),
        C("piis_files", "dossiers PIIS AS", "GPMI-SA dossiers", "int", True,
          note_fr="Dossiers PIIS activation sociale suivis (enseignant : participants sous PIIS AS, R8)",
          note_nl="Gevolgde GPMI-dossiers sociale activering (lesgever: deelnemers met GPMI, R8)"),
        C("all_files", "total dossiers", "totaal dossiers", "int", True,
          note_fr="Tous les dossiers suivis (enseignant : tous les participants)", note_nl="Alle gevolgde dossiers (lesgever: alle deelnemers)"),
    ), required=False, note_fr="Clé dossiers (R7, R8)", note_nl="Sleutel dossiers (R7, R8)"),
    Table("piis", "piis", "gpmi", (
        C("id", "id PIIS", "id GPMI", "text", True),
        C("person", "bénéficiaire", "begunstigde", "text", True,
          note_fr="Identifiant pseudonyme du bénéficiaire (jamais le numéro national)", note_nl="Pseudoniem van de begunstigde (nooit het rijksregisternummer)"),
        C("type", "type", "type", "enum", True, "piis_type", note_fr="2.1, 2.2, 2.3 (R15) ; professionnel ou études : non éligible (R18)",
          note_nl="2.1, 2.2, 2.3 (R15); professioneel of studies: niet subsidieerbaar (R18)"),
        C("start", "début", "begin", "date", True),
        C("end", "fin", "einde", "date", True, note_fr="Fin prévue (max. 1 an, R16)", note_nl="Voorziene einde (max. 1 jaar, R16)"),
        C("left_on", "sorti le", "gestopt op", "date", note_fr="Date d'abandon (R20)", note_nl="Datum van stopzetting (R20)"),
        C("leave_reason", "motif d'abandon", "reden van stopzetting", "text", note_fr="Obligatoire si abandon (R20)", note_nl="Verplicht bij stopzetting (R20)"),
        C("evaluation", "évaluation intermédiaire", "tussentijdse evaluatie", "date", note_fr="Date de l'évaluation intermédiaire (R19)", note_nl="Datum tussentijdse evaluatie (R19)"),
        C("outcome", "résultat", "resultaat", "enum", enum="outcome", note_fr="R23", note_nl="R23"),
        C("note", "remarque", "opmerking", "text"),
    ), key="id", note_fr="Registre des PIIS activation sociale", note_nl="Register van de GPMI sociale activering"),
    Table("bilans", "bilans", "balansen", (
        C("person", "bénéficiaire", "begunstigde", "text", True),
        C("date", "date", "datum", "date", True),
    ), required=False, note_fr="Bilans sociaux réalisés (R15 ligne 1)", note_nl="Gerealiseerde sociale balansen (R15 lijn 1)"),
    Table("operating", "fonctionnement", "werking", (
        C("id", "id", "id", "text", True),
        C("date", "date", "datum", "date", True),
        C("description", "libellé", "omschrijving", "text", True),
        C("amount", "montant", "bedrag", "money",
          note_fr="Montant payé ; vide pour le défraiement : heures de présence × taux (R11)",
          note_nl="Betaald bedrag; leeg voor de vergoeding: aanwezigheidsuren × tarief (R11)"),
        C("purpose", "objet", "doel", "enum", True, "purpose",
          note_fr="R11-R13 : activation sociale, défraiement, alphabétisation, cours de langue, préformation (éligibles) ; préformation vers emploi, activation professionnelle, études (non éligibles)",
          note_nl="R11-R13: sociale activering, vergoeding, alfabetisering, taalcursus, vooropleiding (subsidieerbaar); vooropleiding naar werk, professionele activering, studies (niet)"),
        C("share", "part AS %", "aandeel SA %", "percent", note_fr="Part activation sociale pour un coût mixte (vide : 100)",
          note_nl="Aandeel sociale activering bij een gemengde kost (leeg: 100)"),
        C("contract", "contrat", "contract", "enum", enum="contract", note_fr="en propre, partenariat, sous-traitance (R14)",
          note_nl="eigen beheer, partnerschap, onderaanneming (R14)"),
        C("procurement_ref", "référence marché public", "referentie overheidsopdracht", "text",
          note_fr="Obligatoire en sous-traitance (R14)", note_nl="Verplicht bij onderaanneming (R14)"),
        C("other_funding", "autre financement %", "andere financiering %", "percent", note_fr="Part financée par une autre subvention (R10)",
          note_nl="Deel gefinancierd door een andere subsidie (R10)"),
        C("other_funder", "autre financeur", "andere financier", "text"),
    ), key="id", note_fr="Grand livre des frais de fonctionnement", note_nl="Grootboek van de werkingskosten"),
    Table("attendance", "presences", "aanwezigheden", (
        C("piis_id", "id PIIS", "id GPMI", "text", True),
        C("date", "date", "datum", "date", True),
        C("module", "module", "module", "text"),
        C("hours", "heures", "uren", "decimal", True),
    ), required=False, note_fr="Présences aux modules, base du défraiement (R11)", note_nl="Aanwezigheden in de modules, basis van de vergoeding (R11)"),
)

TABLE_BY_ID = {t.id: t for t in TABLES}

# ---- clusters (issue 11; /work/notes/cluster_format.md): one convention row per member, three more columns.
# Kept apart from TABLES so that a single CPAS's template and reading stay exactly as they are.
ENUMS["role"] = {"promoter": ("promoteur", "promotor"), "member": ("membre", "lid")}
CLUSTER_COLUMNS: tuple[Column, ...] = (
    C("cluster", "cluster", "cluster", "text", True, note_fr="Nom du cluster, le même sur chaque ligne",
      note_nl="Naam van de cluster, dezelfde op elke rij"),
    C("role", "rôle", "rol", "enum", True, "role",
      note_fr="promoteur (une seule ligne, signe la convention) ou membre",
      note_nl="promotor (één rij, ondertekent de overeenkomst) of lid"),
)
DISTRIBUTION_KEY = C("distribution_key", "clé de répartition %", "verdeelsleutel %", "percent",
                     note_fr="Facultatif : part convenue du montant accepté (0-100, total 100) ; vide partout : au prorata des frais déclarés",
                     note_nl="Facultatief: afgesproken deel van het aanvaarde bedrag (0-100, totaal 100); overal leeg: pro rata van de ingediende kosten")
# fields given once for the whole cluster, on the promoter's row (blank or equal on the members' rows)
CLUSTER_WIDE = ("year", "signed", "granted", "amount_2014", "advance_paid", "refund_rate",
                "obj_bilans", "obj_2_1", "obj_2_2", "obj_2_3")
_conv = TABLE_BY_ID["convention"]
CLUSTER_CONVENTION = Table(
    "convention", _conv.fr, _conv.nl,
    CLUSTER_COLUMNS + tuple(C(c.id, c.fr, c.nl, c.kind, c.required and c.id == "cpas", c.enum, c.note_fr, c.note_nl,
                              c.aliases) for c in _conv.columns) + (DISTRIBUTION_KEY,),
    note_fr="Cluster : une ligne par CPAS membre ; les champs communs (année, montants, objectifs) sur la ligne du promoteur",
    note_nl="Cluster: één rij per lid-OCMW; de gemeenschappelijke velden (jaar, bedragen, doelstellingen) op de rij van de promotor")
# form 3 (one workbook): each table's sheet has this extra first column naming the member of each row
MEMBER_COLUMN = C("cpas", "CPAS", "OCMW", "text", True, note_fr="CPAS membre du cluster auquel la ligne appartient",
                  note_nl="Lid-OCMW van de cluster waartoe de rij behoort")


_NOT_NAME = re.compile(r"[^a-z0-9%.]+")


def norm(text: object) -> str:
    """Fold case, accents, punctuation and spaces, so that 'Coût  employeur ' and
    'cout employeur' name the same column."""
    return _norm_text(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _norm_text(text: str) -> str:
    """``norm`` of a text; cached: the same headers and values recur in every file and CPAS."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_NAME.sub(" ", s.lower()).strip()


def column_lookup(table: Table) -> dict[str, str]:
    """Normalised header -> column id (French, Dutch and English id accepted)."""
    out: dict[str, str] = {}
    for c in table.columns:
        for name in (c.id, c.id.replace("_", " "), c.fr, c.nl, *c.aliases):
            out.setdefault(norm(name), c.id)
    return out


def table_lookup() -> dict[str, str]:
    out: dict[str, str] = {}
    for t in TABLES:
        for name in (t.id, t.fr, t.nl, *t.aliases):
            out.setdefault(norm(name), t.id)
    return out


def enum_lookup(enum: str) -> dict[str, str]:
    """Normalised value -> canonical id, for an enum column (FR, NL, id, aliases)."""
    out: dict[str, str] = {}
    for cid, (fr, nl) in ENUMS[enum].items():
        for v in (cid, cid.replace("_", " "), fr, nl):
            out.setdefault(norm(v), cid)
    for alias, cid in ENUM_ALIASES.get(enum, {}).items():
        out.setdefault(norm(alias), cid)
    return out


def enum_label(enum: str, cid: str, lang: str) -> str:
    fr, nl = ENUMS[enum][cid]
    return nl if lang == "nl" else fr
