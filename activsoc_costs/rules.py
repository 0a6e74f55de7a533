"""rules: each subsidy rule in one place, with its id, what it does to a line's fates and why.

Owns: the keys of a staff member's share (R6/R25 time, R7/R8 caseload, R8 direct,
R9 fixed), the claimable cap (R8, R9 justification; R10 other funding), the split of
an amount into its four fates (half-up once per fate), the line rules of the
operating ledger and of the personnel lines with their ORDER OF PRECEDENCE as data
(``OPERATING_ORDER``, ``PERSONNEL_ORDER``: the first rule that decides a line
decides it), the basis a line carries (``Basis``) and its words (``explain``).

Three renderings use these same objects, so they cannot drift apart:
  * the engine (``allocate``) calls ``Rule.apply`` / the share functions;
  * the what-if (``whatif``) calls the same functions on changed key data;
  * the workbook (``export``) writes ``Rule.formula(cells)``: the Excel expression
    of the same rule, on the cells of the line.
Core: imports nothing from reading (read, load, schema) nor rendering (export, cli, app).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from typing import Callable

import pandas as pd

from .money import ONE, ZERO, fmt_hours, fmt_pct, half_up_div

MILLI = 1000  # hours in thousandths (as keydata.MILLI; repeated here so the rules import nothing)

FATES = ("claimed", "not_eligible", "excluded", "other_use")
KEY_RULE = {"time": "R6", "caseload": "R7", "direct": "R8", "fixed": "R9"}
NOT_ELIGIBLE_PIIS = {"professional", "studies"}  # R18
NO_JUSTIFICATION = ("R9_no_justification", "R8_direct_no_justification")


@dataclass(frozen=True)
class Rule:
    """One rule: its id, what it does to a line's fates and why, how the engine applies
    it (``apply``) and the Excel expression of the same rule (``formula``)."""
    id: str
    name: str
    does: str                                   # what it does to the fates, and why (the documents' rule)
    apply: Callable                             # the engine's (and the what-if's) computation
    formula: Callable[..., str] | None = None   # the workbook's expression, from cell references
    reason: str = ""                            # the reason code written on a line it decides
    decides: Callable | None = None             # for a line rule: does it decide this line?
    sa_fate: str = "excluded"                   # where the social-activation part it leaves unclaimed goes


# --------------------------------------------------------------------------- the keys (shares)

def time_share(sa: int, prof: int, worked: int, method: str, productive: Fraction | None) -> tuple[Fraction, Fraction]:
    """R6/R25 time key: (social-activation share, not-eligible share) from the hours in
    thousandths: ÷ hours worked, or ÷ productive hours with that method."""
    if method == "productive_hours":
        den = (productive or ZERO) * MILLI
        if den <= 0:
            return ZERO, ZERO
        share = min(Fraction(sa) / den, ONE)
        return share, min(Fraction(prof) / den, ONE - share)
    if worked > 0:
        return Fraction(sa, worked), Fraction(prof, worked)
    return ZERO, ZERO


def _time_formula(sa: str, den: str, prof: str | None = None, share: str | None = None, productive=False) -> str:
    """R6/R25 in Excel: the share (``prof`` None) or the not-eligible share of a time key."""
    if prof is None:
        return f"IF({den}=0,0,MIN({sa}/{den},1))" if productive else f"IF({den}=0,0,{sa}/{den})"
    return f"IF({den}=0,0,MIN({prof}/{den},1-{share}))" if productive else f"IF({den}=0,0,{prof}/{den})"


def caseload_share(piis_files: int, all_files: int) -> Fraction:
    """R7/R8 caseload key: PIIS-AS files ÷ all files."""
    return min(Fraction(piis_files, all_files), ONE) if all_files > 0 else ZERO


def direct_share() -> Fraction:
    """R8 direct key: all the participants are under a PIIS-AS, 100 %."""
    return ONE


def fixed_share(pct) -> Fraction:
    """R9 fixed key: the percentage typed (with a written justification)."""
    return pct_share(pct)


def pct_share(x) -> Fraction:
    """A percentage (Decimal, int, or blank) as a share; blank: 0."""
    return Fraction(x) / 100 if x is not None and not pd.isna(x) else ZERO


# --------------------------------------------------------------------------- the cap (R8, R9, R10)

def needs_justification(function: str, key: str) -> str | None:
    """The rule that asks a written justification of this staff member, or None:
    R9 for administrative staff and fixed shares; R8 for the direct key (100 %)
    of anyone but a teacher (the teacher's key: all participants under a PIIS-AS)."""
    if function == "administrative" or key == "fixed":
        return "R9"
    if key == "direct" and function != "teacher":
        return "R8"
    return None


def cap_share(share: Fraction, other: Fraction) -> Fraction:
    """R10: the share that may be claimed when others fund part of the cost: all funders
    together never above 100 %."""
    return max(min(share, ONE - other), ZERO)


def _cap_formula(share: str, other: str, allowed: str = "") -> str:
    return f"{allowed}*MAX(0,MIN({share},1-{other}))" if allowed else f"MAX(0,MIN({share},1-{other}))"


def claim_cap(function: str, key: str, share: Fraction, justified: bool, other: Fraction):
    """The claimable share of a staff member (R8, R9, R10): (cap or None, rules, reasons).
    None: no written justification where one is required, the share is excluded."""
    rules, reasons = [], []
    rule = needs_justification(function, key)
    if rule and not justified:
        rules += ["R8", "R9"] if rule == "R8" else ["R9"]
        reasons.append("R8_direct_no_justification" if rule == "R8" else "R9_no_justification")
        if other > 0:
            rules.append("R10")
        return None, rules, reasons
    cap = share
    if other > 0:
        rules.append("R10")
        if cap > ONE - other:
            cap = cap_share(share, other)
            reasons.append("R10_cap")
    return max(cap, ZERO), rules, reasons


# --------------------------------------------------------------------------- the split (four fates)

def _mul(amount: int, share: Fraction) -> int:
    """mul_share, with the two shares most lines have (100 %, 0 %) taken without arithmetic."""
    return _mul_nd(amount, share.numerator, share.denominator)  # Fraction equality is slow; a normalised 1 is 1/1


def _mul_nd(amount: int, n: int, d: int) -> int:
    """``_mul`` of the share n/d (normalised, d > 0): ``money.mul_share``'s half-up rounding."""
    if n == d:
        return amount
    if n == 0:
        return 0
    return half_up_div(amount * n, d)


def split(amount: int, share: Fraction, not_eligible_share: Fraction, claimable: Fraction | None):
    """One amount into (claimed, not eligible, excluded, other use), each rounded half-up
    once; ``claimable`` None means the social-activation part is entirely excluded."""
    c = (None, None) if claimable is None else (claimable.numerator, claimable.denominator)
    return _split_nd(share.numerator, share.denominator, not_eligible_share.numerator,
                     not_eligible_share.denominator, *c, False, amount)


def _split_nd(sn: int, sd: int, nn: int, nd: int, cn: int | None, cd: int | None, to_not_eligible: bool, amount: int):
    """``split`` of ``amount`` on shares given as numerator, denominator (``cn`` None: nothing
    claimable); ``to_not_eligible``: the line rule's ``sa_fate`` is not eligible (R13): the
    social-activation part left unclaimed goes there, and nothing is claimed or excluded."""
    sa = _mul_nd(amount, sn, sd)
    ne = min(_mul_nd(amount, nn, nd), amount - sa)
    claimed = min(_mul_nd(amount, cn, cd) if cn is not None else 0, sa)
    if to_not_eligible:
        return 0, ne + sa - claimed, 0, amount - sa - ne
    return claimed, ne, sa - claimed, amount - sa - ne


def splitter(share: Fraction, not_eligible_share: Fraction, claimable: Fraction | None, sa_fate: str = "excluded"):
    """``split`` then the deciding rule's ``sa_fate`` (as ``line_fates``), for one set of
    shares and many amounts: a function amount -> fates, the shares read once."""
    c = (None, None) if claimable is None else (claimable.numerator, claimable.denominator)
    if share.numerator == share.denominator and not_eligible_share.numerator == 0 and c[0] is not None \
            and c[0] == c[1] and sa_fate != "not_eligible":
        return _all_claimed  # 100 %, nothing not eligible, 100 % claimable: most ledger lines
    return partial(_split_nd, share.numerator, share.denominator, not_eligible_share.numerator,
                   not_eligible_share.denominator, *c, sa_fate == "not_eligible")


def _all_claimed(amount: int) -> tuple[int, int, int, int]:
    """``_split_nd`` of 100 %, 0 % not eligible, 100 % claimable: the whole amount claimed."""
    return amount, 0, 0, 0


def split_formulas(amount: str, share: str, claimable: str, ne_share: str | None = None,
                   eligible: str | None = None, refund_ne: str | None = None, refund_ex: str | None = None,
                   sa: str = "", claimed: str = "", not_eligible: str = "") -> dict[str, str]:
    """``split`` (and ``line_fates``) in Excel, from the cells of the line: the
    social-activation part ``sa`` and the four fates, each referring to the cells the
    others are written in (``sa``, ``claimed``, ``not_eligible``), so that the workbook
    shows each step.  ``eligible``: the cell of R13's flag (0: the social-activation
    part is not eligible, the line rule's ``sa_fate``); ``refund_ne`` / ``refund_ex``:
    the cells of a participant refund's parts beyond attendance (R18, R11)."""
    out = {"sa": f"ROUND({amount}*{share},2)",
           "claimed": f"MIN(ROUND({amount}*{claimable},2),{sa})"}
    if eligible is None:  # a personnel line: a not-eligible share (R25), no R13
        out["not_eligible"] = f"MIN(ROUND({amount}*{ne_share},2),{amount}-{sa})"
        out["excluded"] = f"{sa}-{claimed}"
        out["other_use"] = f"{amount}-{sa}-{not_eligible}"
    else:  # an operating line: R13 sends the social-activation part to not eligible
        out["not_eligible"] = f"{R13.formula(eligible)}*{sa}+{refund_ne}"
        out["excluded"] = f"{eligible}*({sa}-{claimed})+{refund_ex}"
        out["other_use"] = f"{amount}-{sa}"
    return out


# --------------------------------------------------------------------------- line rules, in order

@dataclass(slots=True)
class LineFacts:
    """What the line rules look at on one line (operating or personnel)."""
    kind: str                       # "operating" | "personnel"
    in_period: bool = True          # R1
    purpose: str = ""               # operating: R11-R13
    not_eligible_purpose: bool = False
    subcontracting_without_ref: bool = False  # R14
    justification_reason: str = ""  # personnel: R8/R9 reason when a justification is missing
    cap: Fraction | None = None     # the claimable share the keys and R10 give


def _none(f: LineFacts):
    return None


def _cap(f: LineFacts):
    return f.cap


R13 = Rule("R13", "not_eligible_purpose",
           "the social-activation part of a cost for a purpose not eligible by nature (pre-training "
           "job, professional activation, studies) is not eligible: nothing claimed",
           apply=_none, decides=lambda f: f.not_eligible_purpose, reason="R13_not_eligible", sa_fate="not_eligible",
           formula=lambda eligible: f"(1-{eligible})")
R1 = Rule("R1", "outside_period",
          "a cost dated outside the convention period (1/1-31/12) is excluded: nothing claimed",
          apply=_none, decides=lambda f: not f.in_period, reason="R1_outside_period")
R14 = Rule("R14", "no_procurement_ref",
           "subcontracting without a public-procurement reference is excluded: nothing claimed",
           apply=_none, decides=lambda f: f.subcontracting_without_ref, reason="R14_no_procurement_ref")
R9 = Rule("R9", "no_justification",
          "administrative staff, a fixed share (R9) or the direct key of anyone but a teacher (R8) need a "
          "written justification; without it the social-activation part is excluded",
          apply=_none, decides=lambda f: bool(f.justification_reason), reason="")
R10 = Rule("R10", "cap",
           "the claimable share is the key's share, capped so that all funders together never exceed "
           "100 %; the social-activation part above the cap is excluded",
           apply=_cap, decides=lambda f: True, reason="R10_cap",
           formula=lambda share, other, allowed="": _cap_formula(share, other, allowed))

# the keys of a staff member's share: the engine calls ``apply``, the workbook writes ``formula``
R6 = Rule("R6", "time_share", "social-activation hours / hours worked (or / productive hours); social work is "
          "not social activation (R25); professional-activation hours are not eligible (R13)",
          apply=time_share, formula=_time_formula)
R7 = Rule("R7", "caseload_share", "PIIS-AS files / all files followed (R8: for teachers, participants)",
          apply=caseload_share, formula=lambda num, den: f"IF({den}=0,0,MIN({num}/{den},1))")
R8 = Rule("R8", "direct_share", "all the participants are under a PIIS-AS: 100 %", apply=direct_share,
          formula=lambda: "1")
R9_FIXED = Rule("R9", "fixed_share", "a percentage with a written justification", apply=fixed_share,
                formula=lambda cell: cell)
KEY_RULES: dict[str, Rule] = {"time": R6, "caseload": R7, "direct": R8, "fixed": R9_FIXED}

# the order of precedence: the first rule that decides a line decides it (issue 10: data, not an elif chain)
OPERATING_ORDER: tuple[Rule, ...] = (R13, R1, R14, R10)
PERSONNEL_ORDER: tuple[Rule, ...] = (R1, R9, R10)
RULES: dict[str, Rule] = {r.id: r for r in (R13, R1, R14, R9, R10)}


def deciding_rule(facts: LineFacts) -> Rule:
    """The rule that decides a line: the first of its kind's order that applies."""
    order = OPERATING_ORDER if facts.kind == "operating" else PERSONNEL_ORDER
    for rule in order:
        if rule.decides(facts):
            return rule
    raise AssertionError("R10 decides every line")  # pragma: no cover


def line_fates(base: int, share: Fraction, ne_share: Fraction, facts: LineFacts
               ) -> tuple[tuple[int, int, int, int], Rule, Fraction | None]:
    """The four fates of a line's base amount, decided by its deciding rule: the rule
    gives the claimable share (None: nothing claimable) and where the rest of the
    social-activation part goes (excluded, or not eligible for R13).  Returns (fates,
    the deciding rule, the claimable share)."""
    rule, claimable = decide(facts)
    return splitter(share, ne_share, claimable, rule.sa_fate)(base), rule, claimable


def decide(facts: LineFacts) -> tuple[Rule, Fraction | None]:
    """The deciding rule of a line and the claimable share it gives (None: nothing claimable)."""
    rule = deciding_rule(facts)
    return rule, rule.apply(facts)


def staff_line_fates(amount: int, share: Fraction, ne_share: Fraction, cap: Fraction | None, reasons,
                     in_period: bool) -> tuple[tuple[int, int, int, int], Rule, Fraction | None]:
    """A personnel line (one staff member's amount): its fates through PERSONNEL_ORDER
    (R1 outside the period, R8/R9 no justification among ``reasons``, else the R10
    ``cap``); returns (fates, deciding rule, claimable share).  The engine and the
    what-if both call this."""
    missing = next((r for r in reasons if r in NO_JUSTIFICATION), "")
    facts = LineFacts("personnel", in_period=in_period, justification_reason=missing,
                      cap=cap if cap is not None else ZERO)
    return line_fates(amount, share, ne_share, facts)


# --------------------------------------------------------------------------- the basis of a line

@dataclass(slots=True)
class Basis:
    """How a line's four fates were decided: enough to rebuild them with the money module.

    base x share = social-activation part (half-up); base x not_eligible_share = not
    eligible (at most base - sa); base x claimable = claimed (at most sa; claimable None:
    0); the rest of sa goes to ``sa_fate``; other use = base - sa - not eligible.  A
    participant refund adds ``refund_not_eligible`` (R18) and ``refund_excluded`` (R11,
    above attendance) to its base: amount = base + both."""
    key: str                                  # time, caseload, direct, fixed; operating: "share"
    base: int                                 # cents the shares apply to
    share: Fraction
    not_eligible_share: Fraction
    claimable: Fraction | None
    rule: str                                 # the rule that decided the claimable part (R13, R1, R14, R9, R10)
    sa_fate: str = "excluded"
    other_funding: Fraction = ZERO
    refund_not_eligible: int = 0
    refund_excluded: int = 0
    data: dict = field(default_factory=dict)  # the hours, files, rate the share came from
    sources: tuple = ()                       # (file, sheet, row) of every row behind the line

    def to_dict(self, own_source: tuple | None = None) -> dict:
        """The basis as JSON values (shares as exact fractions "520/1560").  ``sources``
        lists the rows behind the line; left out when it is only the line's own source
        (``own_source``), as for every ledger line."""
        fr = _fraction_text
        d = {"key": self.key, "base": self.base, "share": fr(self.share),
             "not_eligible_share": fr(self.not_eligible_share), "claimable": fr(self.claimable),
             "decided_by": self.rule, "sa_fate": self.sa_fate, "other_funding": fr(self.other_funding),
             "refund_not_eligible": self.refund_not_eligible, "refund_excluded": self.refund_excluded,
             "data": {k: (fr(v) if isinstance(v, Fraction) else v) for k, v in self.data.items()} if self.data else {}}
        if len(self.sources) != 1 or self.sources[0] != own_source:
            d["sources"] = [{"file": f, "sheet": s, "row": r} for f, s, r in self.sources]
        return d


def _fraction_text(x: Fraction | None) -> str | None:
    return None if x is None else f"{x.numerator}/{x.denominator}"


def rebuild(b: Basis) -> tuple[int, int, int, int]:
    """The four fates from the basis alone (the engine's own arithmetic, through ``split``)."""
    c, n, e, o = split(b.base, b.share, b.not_eligible_share, b.claimable)
    if b.sa_fate == "not_eligible":
        c, n, e = 0, n + e, 0
    return c, n + b.refund_not_eligible, e + b.refund_excluded, o


_WORDS = {
    "fr": {"time": "clé temps", "caseload": "clé dossiers", "direct": "clé directe (100 %)", "fixed": "part fixe",
           "share": "part", "base": "montant de base", "sa": "part activation sociale", "ne": "part non éligible",
           "claimable": "part réclamable", "none": "rien de réclamable", "decided": "décidé par",
           "other": "autre financement", "refund_ne": "défraiement non éligible (R18)",
           "refund_ex": "défraiement au-delà des présences (R11)", "sa_hours": "heures activation sociale",
           "worked_hours": "heures prestées", "productive_hours": "heures productives", "prof_hours":
           "heures activation professionnelle", "piis_files": "dossiers PIIS-AS", "all_files": "dossiers suivis",
           "rate": "taux", "source": "source", "row": "ligne", "not_eligible": "non éligible", "excluded": "exclu"},
    "nl": {"time": "tijdsleutel", "caseload": "dossiersleutel", "direct": "directe sleutel (100 %)",
           "fixed": "vast aandeel", "share": "aandeel", "base": "basisbedrag", "sa": "aandeel sociale activering",
           "ne": "niet-subsidieerbaar aandeel", "claimable": "aanvraagbaar aandeel", "none": "niets aanvraagbaar",
           "decided": "beslist door", "other": "andere financiering", "refund_ne": "niet-subsidieerbare vergoeding (R18)",
           "refund_ex": "vergoeding boven de aanwezigheden (R11)", "sa_hours": "uren sociale activering",
           "worked_hours": "gepresteerde uren", "productive_hours": "productieve uren",
           "prof_hours": "uren professionele activering", "piis_files": "GPMI-SA-dossiers",
           "all_files": "opgevolgde dossiers", "rate": "tarief", "source": "bron", "row": "rij",
           "not_eligible": "niet subsidieerbaar", "excluded": "uitgesloten"},
}


def _pct_text(x: Fraction, lang: str) -> str:
    return fmt_pct(Fraction(x), lang) + " %"  # the same half-up rounding as every percentage shown


def _eur_text(c: int, lang: str) -> str:
    s = f"{abs(c) // 100:,}".replace(",", "\u202f" if lang == "fr" else ".") + ("," if lang in ("fr", "nl") else ".") \
        + f"{abs(c) % 100:02d}"
    return ("-" if c < 0 else "") + s + " €"


def explain(line, lang: str = "fr") -> str:
    """The basis of a line in the officer's words (``fr`` or ``nl``): the key and what it
    came from, the shares, the rule that decided, the source rows.  ``line``: a line of
    ``Allocation.lines`` (a row with a ``basis``), or its ``Basis``."""
    basis = line if isinstance(line, Basis) else (line["basis"] if isinstance(line, dict) else line.basis)
    w = _WORDS["nl" if lang == "nl" else "fr"]
    parts = [f"{w.get(basis.key, basis.key)} ({KEY_RULE.get(basis.key, 'R6')})"]
    for k, v in basis.data.items():
        if k == "rate":
            parts.append(f"{w['rate']} {_eur_text(int(v), lang)}/h")
        elif k.endswith("hours"):
            milli = Fraction(v) * 1000  # hours, shown like every hour figure: 1 234,50 h / 1.234,50 u
            parts.append(f"{w.get(k, k)} {fmt_hours(half_up_div(milli.numerator, milli.denominator), lang)} "
                         f"{'u' if lang == 'nl' else 'h'}")
        else:
            parts.append(f"{w.get(k, k)} {v}")
    parts.append(f"{w['base']} {_eur_text(basis.base, lang)}")
    parts.append(f"{w['share']} {_pct_text(basis.share, lang)}")
    if basis.not_eligible_share:
        parts.append(f"{w['ne']} {_pct_text(basis.not_eligible_share, lang)}")
    if basis.other_funding:
        parts.append(f"{w['other']} {_pct_text(basis.other_funding, lang)}")
    if basis.claimable is None:
        parts.append(f"{w['none']} ({w['decided']} {basis.rule} → {w[basis.sa_fate]})")
    else:
        parts.append(f"{w['claimable']} {_pct_text(basis.claimable, lang)} ({w['decided']} {basis.rule})")
    if basis.refund_not_eligible:
        parts.append(f"{w['refund_ne']} {_eur_text(basis.refund_not_eligible, lang)}")
    if basis.refund_excluded:
        parts.append(f"{w['refund_ex']} {_eur_text(basis.refund_excluded, lang)}")
    if basis.sources:
        srcs = ", ".join(f"{f} [{s}] {w['row']} {r}" if s else f"{f} {w['row']} {r}" for f, s, r in basis.sources[:3])
        more = f" (+{len(basis.sources) - 3})" if len(basis.sources) > 3 else ""
        parts.append(f"{w['source']}: {srcs}{more}")
    return " ; ".join(parts)


__all__ = ["Rule", "Basis", "LineFacts", "OPERATING_ORDER", "PERSONNEL_ORDER", "RULES", "KEY_RULES", "FATES", "KEY_RULE",
           "time_share", "caseload_share", "direct_share", "fixed_share", "pct_share", "needs_justification",
           "cap_share", "claim_cap", "split", "splitter", "split_formulas", "deciding_rule", "decide", "line_fates", "staff_line_fates", "rebuild", "explain"]
