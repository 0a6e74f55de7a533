"""Problems and warnings are values the officer reads: a code, the place (file,
sheet, row, column), the value, the rule, and a message in French and Dutch.

Problems stop the report; warnings do not.  All are collected, never only the
first.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from string import Formatter

from .money import fmt, fmt_eur, fmt_hours, fmt_pct

# code: (rule, français, Nederlands).  Placeholders are filled from ``args``.
MESSAGES: dict[str, tuple[str, str, str]] = {
    # reading
    "no_inputs": ("", "Aucune donnée trouvée à cet endroit : {path}", "Geen gegevens gevonden op deze plaats: {path}"),
    "unreadable": ("", "Fichier illisible ({detail})", "Onleesbaar bestand ({detail})"),
    "missing_table": ("", "Feuille ou fichier « {table} » manquant", "Blad of bestand « {table} » ontbreekt"),
    "missing_column": ("", "Colonne « {column_name} » manquante", "Kolom « {column_name} » ontbreekt"),
    "extra_column": ("", "Colonne inconnue « {value} » ignorée", "Onbekende kolom « {value} » genegeerd"),
    "too_many_rows": ("", "Trop de lignes : {rows} (limite {limit}) ; fichier non lu : scindez-le",
                      "Te veel rijen: {rows} (limiet {limit}); bestand niet gelezen: splits het"),
    "empty_file": ("", "Fichier vide", "Leeg bestand"),
    "not_xlsx": ("", "Ce fichier n'est pas un classeur Excel .xlsx (renommé ?) : enregistrez-le au format .xlsx ou CSV",
                 "Dit bestand is geen Excel-werkmap .xlsx (hernoemd?): sla het op als .xlsx of CSV"),
    "corrupt_xlsx": ("", "Classeur .xlsx endommagé ({detail}) : ouvrez-le dans Excel et enregistrez-le à nouveau",
                     "Beschadigde .xlsx-werkmap ({detail}): open ze in Excel en sla ze opnieuw op"),
    "encrypted_workbook": ("", "Classeur protégé par mot de passe : enregistrez-le sans mot de passe",
                           "Werkmap beveiligd met wachtwoord: sla ze op zonder wachtwoord"),
    "old_xls": ("", "Ancien format Excel (.xls) : enregistrez le fichier au format .xlsx",
                "Oud Excel-formaat (.xls): sla het bestand op als .xlsx"),
    "ods_file": ("", "Classeur OpenDocument : enregistrez-le au format .xlsx", "OpenDocument-werkmap: sla ze op als .xlsx"),
    "internal_error": ("", "Erreur interne en lisant ce fichier ({detail}) : relancez avec --debug et signalez-la",
                       "Interne fout bij het lezen van dit bestand ({detail}): herstart met --debug en meld ze"),
    "key_unusable": ("", "Clé de pseudonymisation illisible ou impossible à créer ({detail}) : vérifiez ce fichier ou ACTIVSOC_KEY_FILE",
                     "Pseudonimiseringssleutel onleesbaar of niet aan te maken ({detail}): controleer dit bestand of ACTIVSOC_KEY_FILE"),
    "key_in_outputs": ("", "La clé de pseudonymisation ne peut pas être dans un dossier outputs/ : choisissez un autre ACTIVSOC_KEY_FILE",
                       "De pseudonimiseringssleutel mag niet in een map outputs/ staan: kies een andere ACTIVSOC_KEY_FILE"),
    # reading: which file holds which table (issue 9: one source per table, nothing silently used or ignored)
    "two_sources": ("", "Deux sources pour la table « {table} » : {sources}. Le programme ne choisit pas : gardez-en une seule dans le dossier ou le classeur (supprimez, déplacez ou renommez l'autre)",
                    "Twee bronnen voor de tabel « {table} »: {sources}. Het programma kiest niet: houd er één over in de map of de werkmap (verwijder, verplaats of hernoem de andere)"),
    "copy_name": ("", "« {value} » porte un nom de copie (table « {table} ») : s'il s'agit de la version à utiliser, renommez {what_fr} exactement « {table} » ; sinon retirez-le",
                  "« {value} » heeft de naam van een kopie (tabel « {table} »): als dit de te gebruiken versie is, hernoem {what_nl} precies « {table} »; anders verwijder het"),
    "single_csv": ("", "Un seul fichier CSV donné ({value}) : donnez le dossier qui contient tous les fichiers CSV ({folder}) ou le classeur .xlsx",
                   "Eén CSV-bestand opgegeven ({value}): geef de map met alle CSV-bestanden ({folder}) of de .xlsx-werkmap"),
    "csv_quote": ("", "Guillemet ouvert à cette ligne (« {value} ») et jamais refermé à temps : il avale {lines} ligne(s) suivante(s). Retirez ou fermez ce guillemet (ou enregistrez le fichier à nouveau depuis Excel), puis relancez",
                  "Aanhalingsteken geopend op deze rij (« {value} ») en niet tijdig gesloten: het slokt {lines} volgende rij(en) op. Verwijder of sluit dit aanhalingsteken (of sla het bestand opnieuw op vanuit Excel) en herstart"),
    "w_repeated_rows": ("", "{count} ligne(s) de « {table} » identiques à une ligne précédente (lignes {rows}) : comptées chacune ; "
                        "si c'est une ligne copiée deux fois, supprimez-la",
                        "{count} rij(en) van « {table_nl} » gelijk aan een vorige rij (rijen {rows}): elk meegeteld; "
                        "als het een twee keer gekopieerde rij is, verwijder ze"),
    "w_hidden_sheet": ("", "Table « {table} » lue dans la feuille masquée « {value} »", "Tabel « {table} » gelezen uit het verborgen blad « {value} »"),
    "w_ignored_file": ("", "« {value} » trouvé et ignoré : {why_fr}", "« {value} » gevonden en genegeerd: {why_nl}"),
    # reading: headers close to a known column
    "ambiguous_header": ("", "En-tête « {value} » proche de plusieurs colonnes ({candidates}) : renommez-le exactement comme l'une d'elles",
                         "Kolomkop « {value} » lijkt op meerdere kolommen ({candidates}): hernoem hem precies zoals één ervan"),
    "duplicate_column": ("", "Deux colonnes « {value} » (colonnes {first} et {second}) avec des valeurs différentes : le programme ne choisit pas. Supprimez ou renommez celle qui ne vaut pas pour cette année",
                         "Twee kolommen « {value} » (kolommen {first} en {second}) met verschillende waarden: het programma kiest niet. Verwijder of hernoem de kolom die niet voor dit jaar geldt"),
    "w_header_mapped": ("", "En-tête « {value} » lu comme la colonne « {column_name} »", "Kolomkop « {value} » gelezen als de kolom « {column_name} »"),
    "w_extra_columns": ("", "{count} colonnes inconnues ignorées : {names}", "{count} onbekende kolommen genegeerd: {names}"),
    "one_convention_row": ("", "La feuille convention doit contenir exactement une ligne ({rows} trouvées)",
                           "Het blad overeenkomst moet precies één rij bevatten ({rows} gevonden)"),
    # cells
    "required": ("", "Valeur obligatoire manquante", "Verplichte waarde ontbreekt"),
    "not_number": ("", "« {value} » n'est pas un nombre", "« {value} » is geen getal"),
    "too_large": ("", "Nombre trop grand : {value} (maximum {limit})", "Te groot getal: {value} (maximum {limit})"),
    "not_integer": ("", "« {value} » n'est pas un nombre entier", "« {value} » is geen geheel getal"),
    "negative": ("", "Valeur négative interdite : {value}", "Negatieve waarde niet toegestaan: {value}"),
    "too_many_decimals": ("", "Montant avec plus de deux décimales : {value}", "Bedrag met meer dan twee decimalen: {value}"),
    "not_date": ("", "« {value} » n'est pas une date (jj/mm/aaaa)", "« {value} » is geen datum (dd/mm/jjjj)"),
    "date_range": ("", "Date hors de toute période plausible : {value}", "Datum buiten elke redelijke periode: {value}"),
    "percent_range": ("", "Pourcentage hors de 0-100 : {value}", "Percentage buiten 0-100: {value}"),
    "fte_range": ("", "ETP hors de 0-1 : {value}", "VTE buiten 0-1: {value}"),
    # cells: numbers whose meaning the file must show (issue 9: never guess)
    "ambiguous_number": ("", "« {value} » : milliers ou décimales ? {why_fr} Tapez {thousands} (sans point ni virgule) s'il s'agit de milliers, ou {small_dec} sinon",
                         "« {value} »: duizendtallen of decimalen? {why_nl} Typ {thousands} (zonder punt of komma) als het om duizendtallen gaat, anders {small_dec}"),
    "percent_fraction": ("", "« {value} » dans une colonne de pourcentages (0-100) : fraction ou moins de 1 % ? Tapez {as_percent} pour {as_percent} %, ou « {as_small} % » (avec le signe %) si c'est vraiment moins de 1 %",
                         "« {value} » in een kolom met percentages (0-100): breuk of minder dan 1 %? Typ {as_percent} voor {as_percent} %, of « {as_small} % » (met het teken %) als het echt minder dan 1 % is"),
    "percent_one": ("", "« {value} » dans une colonne de pourcentages (0-100), sans signe % et sans autre valeur de la colonne au-dessus de 1 : 100 % écrit comme une fraction, ou 1 % ? Tapez 100 pour 100 %, ou « 1 % » (avec le signe %) pour 1 %",
                    "« {value} » in een kolom met percentages (0-100), zonder teken % en zonder andere waarde boven 1 in de kolom: 100 % als breuk geschreven, of 1 %? Typ 100 voor 100 %, of « 1 % » (met het teken %) voor 1 %"),
    "percent_format_elsewhere": ("", "« {value} » : cellule au format pourcentage dans une colonne qui n'en est pas une (valeur enregistrée {stored}) : retirez le format pourcentage et tapez le nombre voulu",
                                 "« {value} »: cel in percentageopmaak in een kolom die geen percentage is (bewaarde waarde {stored}): verwijder de percentageopmaak en typ het bedoelde getal"),
    "error_cell": ("", "Erreur « {value} » dans cette cellule (formule {formula}) : elle serait lue comme vide. Corrigez la formule ou tapez la valeur",
                   "Fout « {value} » in deze cel (formule {formula}): ze zou als leeg gelezen worden. Verbeter de formule of typ de waarde"),
    "duration_not_hours": ("", "« {value} » est une durée (format heures:minutes), pas un nombre d'heures : tapez {as_hours} (heures en nombre décimal, sans format durée)",
                           "« {value} » is een duur (opmaak uren:minuten), geen aantal uren: typ {as_hours} (uren als decimaal getal, zonder duuropmaak)"),
    "formula_no_value": ("", "Formule sans valeur calculée ({formula}) : le classeur a été écrit par un outil qui ne calcule pas. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le, puis relancez",
                         "Formule zonder berekende waarde ({formula}): de werkmap werd geschreven door een programma dat niet rekent. Open ze in Excel of LibreOffice, sla ze op en herstart"),
    "amount_blank": ("R11", "Montant vide : seul le défraiement des participants (calculé des présences) peut rester vide ; tapez le montant payé",
                     "Leeg bedrag: enkel de vergoeding van de deelnemers (berekend uit de aanwezigheden) mag leeg blijven; typ het betaalde bedrag"),
    "w_thousands_from_column": ("", "« {value} » lu comme {read} : cette colonne sépare les décimales par « {dec} » (ex. « {example} ») ; {count} cellule(s) lues ainsi. Si ce n'est pas le cas, corrigez la cellule",
                                "« {value} » gelezen als {read}: deze kolom scheidt decimalen met « {dec} » (bv. « {example} »); {count} cel(len) zo gelezen. Zo niet, verbeter de cel"),
    "w_percent_one_from_column": ("", "« {value} » lu comme 1 % : les autres valeurs de cette colonne sont sur 0-100 (ex. « {example} ») ; {count} cellule(s) lues ainsi. Si c'était 100 %, tapez 100",
                                  "« {value} » gelezen als 1 %: de andere waarden van deze kolom staan op 0-100 (bv. « {example} »); {count} cel(len) zo gelezen. Was het 100 %, typ dan 100"),
    "w_percent_format": ("", "« {value} » : cellule au format pourcentage (valeur enregistrée {stored}), lue {value} ; {count} cellule(s) lues ainsi",
                         "« {value} »: cel in percentageopmaak (bewaarde waarde {stored}), gelezen als {value}; {count} cel(len) zo gelezen"),
    "unknown_value": ("", "Valeur inconnue « {value} » ; valeurs admises : {allowed_fr}", "Onbekende waarde « {value} »; toegelaten: {allowed_nl}"),
    "payroll_line_twice": ("", "Ligne de paie en double « {value} », {amount} (identique à la ligne {first}) : elle serait justifiée deux fois ; "
                           "supprimez-la, ou additionnez les deux paiements sur une seule ligne s'ils sont réels",
                           "Dubbele loonregel « {value} », {amount} (gelijk aan rij {first}): ze zou twee keer verantwoord worden; "
                           "verwijder ze, of tel beide betalingen op in één rij als ze echt zijn"),
    "duplicate_id": ("", "Identifiant en double « {value} » (déjà à la ligne {first})", "Dubbele identificatie « {value} » (al op rij {first})"),
    "unknown_staff": ("", "Membre du personnel inconnu « {value} »", "Onbekend personeelslid « {value} »"),
    "unknown_piis": ("", "PIIS inconnu « {value} »", "Onbekend GPMI « {value} »"),
    "end_before_start": ("", "La fin ({end}) précède le début ({start})", "Het einde ({end}) ligt voor het begin ({start})"),
    "year_mismatch": ("", "Année {value} : aucun paramètre pour cette année (disponibles : {years})",
                      "Jaar {value}: geen parameters voor dit jaar (beschikbaar: {years})"),
    "no_granted": ("R5", "Montant octroyé manquant (ni montant, ni montant 2014 pour une année R5)",
                   "Toegekend bedrag ontbreekt (geen bedrag, geen bedrag 2014 voor een R5-jaar)"),
    # personnel keys
    "cost_and_payroll": ("", "Coût annuel et lignes de paie à la fois pour « {value} » : un seul des deux",
                         "Jaarkost én loonlijnen voor « {value} »: slechts één van beide"),
    "no_cost": ("", "Aucun coût pour « {value} » : coût employeur ou lignes de paie", "Geen kost voor « {value} »: werkgeverskost of loonlijnen"),
    "no_time_records": ("R6", "Clé temps sans heures prestées pour « {value} »", "Sleutel tijd zonder gewerkte uren voor « {value} »"),
    "no_caseload": ("R7", "Clé dossiers sans dossiers pour « {value} »", "Sleutel dossiers zonder dossiers voor « {value} »"),
    "caseload_above_total": ("R7", "Plus de dossiers PIIS ({piis}) que de dossiers ({all})", "Meer GPMI-dossiers ({piis}) dan dossiers ({all})"),
    "no_share": ("R9", "Clé part fixe sans pourcentage pour « {value} »", "Sleutel vast aandeel zonder percentage voor « {value} »"),
    "hours_above_year": ("R6", "Heures prestées ({hours} h) au-delà du maximum d'une année ({limit} h) pour « {value} »",
                         "Gewerkte uren ({hours} u) boven het maximum van een jaar ({limit} u) voor « {value} »"),
    "hours_above_productive": ("R6", "Heures activation sociale ({hours} h) au-delà des heures productives ({limit} h) pour « {value} »",
                               "Uren sociale activering ({hours} u) boven de productieve uren ({limit} u) voor « {value} »"),
    "hours_sa_above_worked": ("R25", "Heures d'activation sociale ({hours} h) au-delà des heures que son contrat permet (ETP × période : {limit} h) pour « {value} »",
                              "Uren sociale activering ({hours} u) boven de uren die het contract toelaat (VTE × periode: {limit} u) voor « {value} »"),
    "date_far_from_year": ("R1", "Date {value} trop éloignée de l'année de la convention ({first}–{last})",
                           "Datum {value} te ver van het jaar van de overeenkomst ({first}–{last})"),
    "method_not_time": ("R6", "La méthode ne s'applique qu'à la clé temps (« {value} »)", "De methode geldt enkel voor de sleutel tijd (« {value} »)"),
    "refund_without_attendance": ("R11", "Défraiement sans montant ni présences", "Vergoeding zonder bedrag of aanwezigheden"),
    # warnings
    "w_r10_cap": ("R10", "Part plafonnée : {share} % + {other} % financés ailleurs > 100 % ; {excluded} exclus",
                  "Aandeel begrensd: {share} % + {other} % elders gefinancierd > 100 %; {excluded} uitgesloten"),
    "w_r9_no_justification": ("R9", "Part administrative/fixe sans justification écrite : {excluded} exclus",
                              "Administratief/vast aandeel zonder schriftelijke verantwoording: {excluded} uitgesloten"),
    "w_r14_no_procurement": ("R14", "Sous-traitance sans référence de marché public : {excluded} exclus",
                             "Onderaanneming zonder referentie overheidsopdracht: {excluded} uitgesloten"),
    "w_r1_outside_period": ("R1", "Dépense hors de la période de la convention ({value}) : {excluded} exclus",
                            "Uitgave buiten de periode van de overeenkomst ({value}): {excluded} uitgesloten"),
    "w_r10_funded_elsewhere": ("R10", "Déjà financé par {funder} ({other} %) : {excluded} exclus",
                               "Al gefinancierd door {funder} ({other} %): {excluded} uitgesloten"),
    "w_r11_refund_above_attendance": ("R11", "Défraiement ({value}) supérieur aux heures de présence × taux ({computed}) : {excluded} exclus",
                                      "Vergoeding ({value}) hoger dan aanwezigheidsuren × tarief ({computed}): {excluded} uitgesloten"),
    "w_r11_refund_below_attendance": ("R11", "Défraiement ({value}) inférieur aux heures de présence × taux ({computed})",
                                      "Vergoeding ({value}) lager dan aanwezigheidsuren × tarief ({computed})"),
    "w_r2_above_granted": ("R2", "Les frais justifiés ({claimed}) dépassent le montant octroyé ({granted}) : {over} non remboursés",
                           "De verantwoorde kosten ({claimed}) overschrijden het toegekende bedrag ({granted}): {over} niet terugbetaald"),
    "w_r2_below_advance": ("R2", "Les frais justifiés ({claimed}) sont inférieurs à l'avance ({advance}) : {back} à rembourser",
                           "De verantwoorde kosten ({claimed}) zijn lager dan het voorschot ({advance}): {back} terug te betalen"),
    "w_underuse": ("R2", "Subvention sous-utilisée : {use} % ; {lost} non justifiés", "Subsidie onderbenut: {use} %; {lost} niet verantwoord"),
    "w_r20_no_reason": ("R20", "PIIS « {value} » abandonné sans motif : non comptabilisé", "GPMI « {value} » stopgezet zonder reden: niet meegeteld"),
    "w_r16_too_long": ("R16", "PIIS « {value} » de plus d'un an : non comptabilisé", "GPMI « {value} » langer dan een jaar: niet meegeteld"),
    "w_r17_second": ("R17", "Deuxième parcours du bénéficiaire {person} (PIIS « {value} ») : non comptabilisé",
                     "Tweede traject van begunstigde {person} (GPMI « {value} »): niet meegeteld"),
    "w_personal_nrn": ("", "Numéro de registre national dans cette colonne (lignes {rows}) : remplacé par un identifiant pseudonyme dans tout ce que le programme écrit ; ne l'y mettez pas",
                       "Rijksregisternummer in deze kolom (rijen {rows}): vervangen door een pseudonieme id in alles wat het programma schrijft; zet het er niet in"),
    "w_personal_name": ("", "Nom de bénéficiaire probable dans cette colonne (lignes {rows}) : remplacé par un identifiant pseudonyme dans tout ce que le programme écrit",
                        "Vermoedelijke naam van een begunstigde in deze kolom (rijen {rows}): vervangen door een pseudonieme id in alles wat het programma schrijft"),
    "w_rows_above_header": ("", "Lignes au-dessus des en-têtes (ligne {header}) ignorées : {rows}",
                            "Rijen boven de kolomkoppen (rij {header}) genegeerd: {rows}"),
    "w_cells_without_header": ("", "{count} cellule(s) remplie(s) sous une colonne sans en-tête : ignorées",
                               "{count} ingevulde cel(len) onder een kolom zonder kop: genegeerd"),
    # rules that move money (issue 9, helper 2: allocate, trajectories, load cross-checks)
    "w_r1_payroll_outside_period": ("R1", "Mois de paie hors de la période de la convention ({months}) pour « {value} » : {amount} sur des lignes séparées, {excluded} exclus",
                                    "Loonmaanden buiten de periode van de overeenkomst ({months}) voor « {value} »: {amount} op aparte lijnen, {excluded} uitgesloten"),
    "w_r1_staff_outside_period": ("R1", "Période de travail de « {value} » entièrement hors de la période de la convention : coût {amount}, {excluded} exclus",
                                  "Werkperiode van « {value} » volledig buiten de periode van de overeenkomst: kost {amount}, {excluded} uitgesloten"),
    "w_r8_direct_no_justification": ("R8", "Clé directe (100 %) pour « {value} », qui n'est pas enseignant, sans justification écrite : {excluded} exclus ; écrivez dans « justification » en quoi cette personne est entièrement affectée aux parcours d'activation sociale (R8, R9), ou choisissez la clé temps ou dossiers",
                                     "Rechtstreekse sleutel (100 %) voor « {value} », geen lesgever, zonder schriftelijke verantwoording: {excluded} uitgesloten; schrijf in « verantwoording » waarom deze persoon volledig aan trajecten sociale activering werkt (R8, R9), of kies de sleutel tijd of dossiers"),
    "w_r1_records_outside_period": ("R1", "{count} enregistrement(s) de « {table} » datés hors de la période ({first} – {last}) pour « {value} » ({what}) : non comptés dans la clé",
                                    "{count} registratie(s) van « {table} » gedateerd buiten de periode ({first} – {last}) voor « {value} » ({what}): niet meegeteld in de sleutel"),
    "r1_cost_straddles_period": ("R1", "Coût annuel pour « {value} » dont la période de travail ({start} – {end}) déborde de la période de la convention ({first} – {last}) : le programme ne devine pas un prorata ; indiquez le coût de la seule partie comprise dans la période, ou des lignes de paie mensuelles",
                                 "Jaarkost voor « {value} » met een werkperiode ({start} – {end}) die buiten de periode van de overeenkomst ({first} – {last}) loopt: het programma raadt geen prorata; geef de kost van het deel binnen de periode, of maandelijkse loonlijnen"),
    "r2_advance_above_granted": ("R2", "Avance reçue ({value}) supérieure au montant octroyé ({granted}) : vérifiez les deux montants (l'avance est une part du montant octroyé, fixée par les paramètres de l'année)",
                                 "Ontvangen voorschot ({value}) hoger dan het toegekende bedrag ({granted}): controleer beide bedragen (het voorschot is een deel van het toegekende bedrag, vastgelegd in de parameters van het jaar)"),
    "w_r11_hours_not_counted": ("R11", "{hours} h de présence ne financent pas les défraiements ({amount} au taux {rate}/h) : {why}",
                                "{hours} u aanwezigheid financieren geen vergoedingen ({amount} aan het tarief {rate}/u): {why}"),
    "w_r11_after_left": ("R11 R20", "{hours} h de présence du PIIS « {value} » après sa date de sortie ({left}) : elles ne financent pas de défraiement ; corrigez la date de sortie ou les présences",
                         "{hours} u aanwezigheid van GPMI « {value} » na de datum van stopzetting ({left}): ze financieren geen vergoeding; verbeter de datum van stopzetting of de aanwezigheden"),
    "w_r19_not_one_year": ("R19", "PIIS « {value} » commencé au second semestre de l'année précédente mais conclu pour {months} mois (pas un an) : non compté à nouveau",
                           "GPMI « {value} » begonnen in het tweede semester van het vorige jaar maar gesloten voor {months} maanden (geen jaar): niet opnieuw meegeteld"),
    "w_no_piis": ("R15", "Aucun PIIS activation sociale comptabilisé", "Geen GPMI sociale activering meegeteld"),
    # what-if scenarios and mid-year monitoring (activsoc_costs/whatif.py)
    "scenario_bad_value": ("", "Scénario : valeur invalide « {value} » pour {field} (attendu : {kind})",
                           "Scenario: ongeldige waarde « {value} » voor {field} (verwacht: {kind})"),
    "scenario_unknown_staff": ("", "Scénario : membre du personnel inconnu « {value} »",
                               "Scenario: onbekend personeelslid « {value} »"),
    "w_whatif_hours_above_worked": ("R25", "Heures d'activation sociale prévues ({hours} h) au-delà des heures prestées disponibles ({limit} h) : ramenées à {limit} h",
                                    "Geplande uren sociale activering ({hours} u) boven de beschikbare gewerkte uren ({limit} u): teruggebracht tot {limit} u"),
    "w_whatif_no_uplift": ("R5", "Montant 2014 + 20 % : ne s'applique pas à l'année {value} ; montant octroyé inchangé",
                           "Bedrag 2014 + 20 %: geldt niet voor het jaar {value}; toegekend bedrag ongewijzigd"),
    "w_monitor_date_outside": ("R1", "Date de suivi {value} hors de la période {start} – {end}",
                               "Opvolgingsdatum {value} buiten de periode {start} – {end}"),
    "w_monitor_exceeded": ("R2", "Au {value}, projection de fin d'année {projected} au-delà du montant octroyé {granted} : {over} ne seront pas remboursés",
                           "Op {value}, projectie eind van het jaar {projected} boven het toegekende bedrag {granted}: {over} wordt niet terugbetaald"),
    "w_monitor_underuse": ("R2", "Au {value}, projection de fin d'année {projected} sous le montant octroyé {granted} ({use} %) : {lost} seraient perdus",
                           "Op {value}, projectie eind van het jaar {projected} onder het toegekende bedrag {granted} ({use} %): {lost} zou verloren gaan"),
    # clusters (issue 11): the convention of several CPAS and the cross-member rules
    "cluster_member_convention": ("", "Convention trouvée dans les données d'un membre : la convention d'un cluster se donne une seule fois, en haut du dossier (une ligne par membre). Retirez-la de ce dossier",
                                  "Overeenkomst gevonden in de gegevens van een lid: de overeenkomst van een cluster wordt één keer gegeven, bovenaan de map (één rij per lid). Verwijder ze uit deze map"),
    "cluster_no_promoter": ("", "Aucune ligne « promoteur » dans la convention du cluster : indiquez « promoteur » dans la colonne rôle du CPAS qui signe la convention",
                            "Geen rij « promotor » in de overeenkomst van de cluster: vul « promotor » in de kolom rol in voor het OCMW dat de overeenkomst ondertekent"),
    "cluster_two_promoters": ("", "Plusieurs promoteurs ({value}) : un seul CPAS signe la convention ; indiquez « membre » pour les autres",
                              "Meerdere promotors ({value}): één OCMW ondertekent de overeenkomst; vul « lid » in voor de andere"),
    "cluster_too_few": ("", "Un cluster compte au moins trois CPAS (arrêté royal du 27 mars 2015) : {count} trouvé(s). Ajoutez une ligne par membre",
                        "Een cluster telt minstens drie OCMW's (koninklijk besluit van 27 maart 2015): {count} gevonden. Voeg één rij per lid toe"),
    "cluster_role_missing": ("", "Ligne sans nom de cluster ou sans rôle dans une convention de cluster : remplissez « cluster » et « rôle » (promoteur ou membre) sur chaque ligne",
                             "Rij zonder clusternaam of rol in een clusterovereenkomst: vul « cluster » en « rol » (promotor of lid) in op elke rij"),
    "cluster_two_names": ("", "Deux noms de cluster ({value}) : une convention, un cluster ; tapez le même nom sur chaque ligne",
                          "Twee clusternamen ({value}): één overeenkomst, één cluster; typ dezelfde naam op elke rij"),
    "cluster_member_twice": ("", "Le CPAS « {value} » figure deux fois dans la convention du cluster : une ligne par membre",
                             "Het OCMW « {value} » staat twee keer in de overeenkomst van de cluster: één rij per lid"),
    "cluster_field_differs": ("", "« {value} » diffère de la ligne du promoteur ({promoter}) : les champs communs se donnent sur la ligne du promoteur ; laissez cette cellule vide ou tapez la même valeur",
                              "« {value} » verschilt van de rij van de promotor ({promoter}): de gemeenschappelijke velden staan op de rij van de promotor; laat deze cel leeg of typ dezelfde waarde"),
    "cluster_key_incomplete": ("", "Clé de répartition donnée pour certains membres seulement : donnez-la sur chaque ligne (total 100) ou sur aucune (répartition au prorata des frais déclarés)",
                               "Verdeelsleutel slechts voor sommige leden gegeven: geef hem op elke rij (totaal 100) of op geen enkele (verdeling pro rata van de ingediende kosten)"),
    "cluster_key_not_100": ("", "Les clés de répartition totalisent {value} % au lieu de 100 % : corrigez-les pour qu'elles fassent 100",
                            "De verdeelsleutels zijn samen {value} % in plaats van 100 %: verbeter ze zodat ze samen 100 zijn"),
    "cluster_unknown_member": ("", "« {value} » ne désigne aucun membre de la convention du cluster ({members}) : renommez-le exactement comme la colonne CPAS de la convention, ou ajoutez ce membre à la convention",
                               "« {value} » duidt geen enkel lid van de clusterovereenkomst aan ({members}): hernoem het precies zoals in de kolom OCMW van de overeenkomst, of voeg dit lid toe aan de overeenkomst"),
    "cluster_member_no_data": ("", "Aucune donnée pour le membre « {value} » : ajoutez un sous-dossier « {value} » (ou un classeur « {value}.xlsx », ou ses lignes avec « {value} » dans la colonne CPAS)",
                               "Geen gegevens voor het lid « {value} »: voeg een submap « {value} » toe (of een werkmap « {value}.xlsx », of zijn rijen met « {value} » in de kolom OCMW)"),
    "cluster_member_two_sources": ("", "Deux sources pour le membre « {value} » ({sources}) : gardez-en une seule",
                                   "Twee bronnen voor het lid « {value} » ({sources}): houd er één over"),
    "cluster_no_cpas_column": ("", "Classeur d'un cluster : la feuille « {value} » n'a pas de colonne CPAS nommant le membre de chaque ligne : ajoutez-la en première colonne",
                               "Werkmap van een cluster: het blad « {value} » heeft geen kolom OCMW die het lid van elke rij noemt: voeg ze toe als eerste kolom"),
    "cluster_table_at_top": ("", "Table « {value} » en haut du dossier d'un cluster : les tables de chaque membre vont dans son sous-dossier ; déplacez ce fichier",
                             "Tabel « {value} » bovenaan de map van een cluster: de tabellen van elk lid horen in zijn submap; verplaats dit bestand"),
    "w_r17_cluster": ("R17", "Bénéficiaire {person} déjà suivi par {first_member} (PIIS {first}) : le PIIS {value} de {member_name} n'est pas compté dans le cluster (une personne compte une fois) ; ses présences ne donnent pas de défraiement (R11)",
                      "Begunstigde {person} al gevolgd door {first_member} (GPMI {first}): GPMI {value} van {member_name} telt niet mee in de cluster (één persoon telt één keer); zijn aanwezigheden geven geen vergoeding (R11)"),
    # consolidate (issue 11 item 4): the JSON files report --json wrote
    "consolidate_bad_json": ("", "Fichier JSON illisible ({detail}) : donnez le fichier tel que « activsoc-costs report --json » l'a écrit",
                             "Onleesbaar JSON-bestand ({detail}): geef het bestand zoals « activsoc-costs report --json » het schreef"),
    "consolidate_not_report": ("", "Ce fichier JSON n'est pas un rapport de « activsoc-costs report --json » (montants ou comptages absents ou illisibles) : relancez report --json pour ce CPAS",
                               "Dit JSON-bestand is geen rapport van « activsoc-costs report --json » (bedragen of tellingen ontbreken of onleesbaar): herstart report --json voor dit OCMW"),
    "consolidate_duplicate_cpas": ("", "« {value} » ({year}) donné plusieurs fois (aussi : {others}) : il serait compté deux fois ; non compris dans les totaux. Gardez une seule source pour ce CPAS",
                                   "« {value} » ({year}) meermaals opgegeven (ook: {others}): het zou twee keer geteld worden; niet opgenomen in de totalen. Houd één bron voor dit OCMW"),
    "consolidate_json_inconsistent": ("", "Rapport JSON modifié : le montant justifié ({value}) n'est pas la somme du personnel et du fonctionnement ({total}) : relancez report --json pour ce CPAS",
                                      "Gewijzigd JSON-rapport: het verantwoorde bedrag ({value}) is niet de som van personeel en werking ({total}): herstart report --json voor dit OCMW"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    rule: str = ""
    message_fr: str = ""
    message_nl: str = ""
    severity: str = "error"  # error | warning
    member: str = ""  # a cluster's member CPAS the place belongs to (issue 11); "" for a single CPAS

    def __getattr__(self, name):
        """A message made by ``make`` is written when first read (most warnings are only
        counted): the same text as written at once, from the same values."""
        lazy = self.__dict__.get("_lazy")
        if lazy is None or name not in ("message_fr", "message_nl"):
            raise AttributeError(name)
        code, args = lazy
        text = _text(code, args, "nl" if name == "message_nl" else "fr")
        object.__setattr__(self, name, text)
        return text

    def message(self, lang: str = "fr") -> str:
        return self.message_nl if lang == "nl" else self.message_fr

    def place(self, lang: str = "fr") -> str:
        row_word, col_word = ("rij", "kolom") if lang == "nl" else ("ligne", "colonne")
        parts = [self.file]
        if self.member and self.member not in self.file:  # a cluster: which member's data
            parts.insert(0, self.member)
        if self.sheet and self.sheet != self.file:
            parts.append(f"[{self.sheet}]")
        if self.row is not None:
            parts.append(f"{row_word} {self.row}")
        if self.column:
            parts.append(f"{col_word} « {self.column} »")
        return ", ".join(p for p in parts if p)

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in _PROBLEM_FIELDS}  # asdict's result (every field a plain value), 20 x faster
        if not self.member:  # a single CPAS's problems keep exactly their keys
            del d["member"]
        return d

    def line(self, lang: str = "fr") -> str:
        rule = f" ({self.rule})" if self.rule else ""
        return f"{self.place(lang)}: {self.message(lang)}{rule}"


_PROBLEM_FIELDS = tuple(f.name for f in fields(Problem))
# the messages are instance values only (their default stays in __init__): a Problem made by
# ``make`` without them finds them through __getattr__, written when first read
del Problem.message_fr, Problem.message_nl


class Eur(int):
    """Cents shown to the reader in their language's format (€ 1 234,56 / € 1.234,56)."""


class Pct(Fraction):
    """A share shown as a percentage with two decimals in the reader's format."""


class Hours(int):
    """Thousandths of an hour shown with two decimals in the reader's format (1 234,50)."""


class HoursUnit(Hours):
    """The same with the unit of the reader's language (1 234,50 h / 1.234,50 u)."""


def _localise(args: dict, lang: str) -> dict:
    def one(v):
        if isinstance(v, Eur):
            return fmt_eur(v, lang)
        if isinstance(v, Pct):
            return fmt_pct(v, lang)
        if isinstance(v, Hours):
            text = fmt_hours(v, lang)
            return text + (" u" if lang == "nl" else " h") if isinstance(v, HoursUnit) else text
        return v
    return {k: one(v) for k, v in args.items()}


def _text(code: str, args: dict, lang: str) -> str:
    """The message of ``code`` in ``lang`` ("fr" or "nl") with ``args`` in the reader's format."""
    return MESSAGES[code][2 if lang == "nl" else 1].format(**_localise(args, lang))


# values whose text cannot change after ``make``: their messages may be written later
_FIXED = {str, int, bool, float, Decimal, Fraction, Eur, Pct, Hours, HoursUnit, type(None), dt.date, dt.datetime}
_NEEDS: dict[str, frozenset] = {}  # code -> the names its two messages need


def _needs(code: str) -> frozenset:
    if code not in _NEEDS:
        _r, fr, nl = MESSAGES[code]
        names = {n for t in (fr, nl) for _lit, n, spec, conv in Formatter().parse(t) if n is not None}
        plain = all(n.isidentifier() for n in names) and not any(
            spec or conv for t in (fr, nl) for _lit, n, spec, conv in Formatter().parse(t) if n is not None)
        _NEEDS[code] = frozenset(names) if plain else None
    return _NEEDS[code]


def make(code: str, *, file: str = "", sheet: str = "", row: int | None = None, column: str = "",
         value: object = "", severity: str | None = None, rule: str | None = None, **args) -> Problem:
    r, fr, nl = MESSAGES[code]
    args.setdefault("value", value)
    sev = severity or ("warning" if code.startswith("w_") else "error")
    shown = fmt(value) if isinstance(value, Eur) else str(value)
    needs = _needs(code)
    if needs is None or not needs <= args.keys() or not all(type(v) in _FIXED for v in args.values()):
        return Problem(code=code, file=file, sheet=sheet, row=row, column=column, value=shown,
                       rule=rule if rule is not None else r, message_fr=_text(code, args, "fr"),
                       message_nl=_text(code, args, "nl"), severity=sev)
    # the messages written when first read (Problem.__getattr__): the fields as __init__ sets them
    p = object.__new__(Problem)
    p.__dict__.update(code=code, file=file, sheet=sheet, row=row, column=column, value=shown,
                      rule=rule if rule is not None else r, severity=sev, member="", _lazy=(code, args))
    return p


class InputError(Exception):
    """Raised at an edge when inputs cannot be used; carries every problem."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
