"""generate: seeded, realistic but fictitious inputs, for benchmarks and tests.

Writes input folders in the project's own format (one CSV file per table, as
Belgian Excel exports them: ``;`` separator, ``1.234,56`` amounts, ``dd/mm/yyyy``
dates, UTF-8 with BOM, French or Dutch headers and values), so the generated
data go through exactly the path an officer's files take.

Sizes (issue 6):

``small``    one CPAS: 20 staff, 60 PIIS, 300 operating cost lines;
``city``     one CPAS the size of Antwerp: 1 000 staff paid by monthly payroll
             (about 12 000 lines), 650 000 daily time records, 10 000 PIIS,
             20 000 operating cost lines, 100 000 attendance records;
``national`` all 581 CPAS, 20 x city in total.  The engine reads one convention
             per input (one CPAS, one convention signed with the minister), so
             the national data set is one folder per CPAS (``cpas-001`` ...
             ``cpas-581``) and a national run is the engine run over every
             folder, then the figures added up.  Sizes follow a Zipf-like law
             (the largest CPAS is city size, most are small), scaled so that
             the totals are 20 x city.

Proportions meant to look like real registers and to exercise every rule:
time keys with social work and professional activation mixed in (R6, R25),
the productive-hours method, caseload and direct keys (R7, R8), administrative
staff on a fixed share with and without justification (R9), other funding
(R10), partial years, payroll months outside the period (R1), PIIS of
professional activation or studies (R18), trajectories over a year (R16),
second trajectories of a person (R17), carry-overs from the second half of the
previous year with and without an intermediate evaluation (R19), drop-outs with
and without a reason (R20), ineligible purposes (R13), subcontracting without
procurement reference (R14), participant refunds from attendance (R11).
Employer cost per FTE between EUR 45 000 and 55 000 a year.

Nothing here is real: identifiers are pseudonymous counters (no names, no
national register numbers).  The same seed gives byte-identical files.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .schema import ENUMS, TABLE_BY_ID

YEAR = 2015
PERIOD_START, PERIOD_END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
N_CPAS = 581            # CPAS / OCMW in Belgium
NATIONAL_FACTOR = 20    # the national data set is 20 x city in total


@dataclass(frozen=True)
class Spec:
    """Row counts of one CPAS (the targets; a few tables get slightly more or
    fewer rows from partial years, outside-period lines and the like)."""
    staff: int
    piis: int
    operating: int
    time: int
    attendance: int
    bilans: int


SIZES = {
    "small": Spec(staff=20, piis=60, operating=300, time=13_000, attendance=600, bilans=72),
    "city": Spec(staff=1_000, piis=10_000, operating=20_000, time=650_000, attendance=100_000, bilans=12_000),
}


# --------------------------------------------------------------------------- formatting, Belgian Excel style

def _money(cents) -> list[str]:
    """Integer cents -> '1.234,56'."""
    out = []
    for c in np.asarray(cents, dtype=np.int64).tolist():
        e, r = divmod(c, 100)
        out.append(f"{e:,}".replace(",", ".") + f",{r:02d}")
    return out


_QUARTERS = np.array([f"{q // 4}" + ("", ",25", ",5", ",75")[q % 4] for q in range(0, 4 * 24 + 1)], dtype=object)
_DAY0 = dt.date(YEAR - 1, 1, 1)
_DAYS = np.array([(_DAY0 + dt.timedelta(days=i)).strftime("%d/%m/%Y") for i in range(4 * 366)], dtype=object)


def _day(d: dt.date) -> int:
    return (d - _DAY0).days


def _dates(idx) -> np.ndarray:
    """Day numbers (from 1/1 of the previous year) -> 'dd/mm/yyyy'."""
    return _DAYS[np.asarray(idx, dtype=np.int64)]


def _label(enum: str, ids, lang: str) -> np.ndarray:
    table = {cid: (fr if lang == "fr" else nl) for cid, (fr, nl) in ENUMS[enum].items()}
    table[""] = ""
    return np.array([table[i] for i in ids], dtype=object)


def _write(folder: Path, table_id: str, lang: str, columns: dict[str, object], n: int) -> Path:
    """One CSV file named and headed in the language; columns by id -> list/array of strings."""
    t = TABLE_BY_ID[table_id]
    path = folder / f"{t.name(lang)}.csv"
    ids = list(columns)
    header = ";".join(t.column(c).header(lang) for c in ids)
    cols = [list(columns[c]) if not isinstance(columns[c], str) else [columns[c]] * n for c in ids]
    body = "\r\n".join(map(";".join, zip(*cols)))
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(header + "\r\n")
        if n:
            f.write(body + "\r\n")
    return path


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


# --------------------------------------------------------------------------- one CPAS

def _weekdays(start: dt.date, end: dt.date) -> np.ndarray:
    days = np.arange(_day(start), _day(end) + 1)
    weekday = (np.arange(len(days)) + start.weekday()) % 7
    return days[weekday < 5]


def generate_cpas(out: Path, spec: Spec, seed: int, name: str = "CPAS de Grandeville", lang: str = "fr",
                  person_prefix: str = "B") -> dict:
    """Write one CPAS's input folder; returns the row count of each table.  ``person_prefix`` starts every
    beneficiary id (a cluster's members: each its own, so that persons are not shared by accident)."""
    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n = spec.staff
    counts: dict[str, int] = {}
    text = (lambda fr, nl: fr if lang == "fr" else nl)

    # ---- staff: functions and keys (R6-R9)
    function = rng.choice(["social_worker", "teacher", "administrative", "coordinator", "other"], size=n,
                          p=[0.55, 0.12, 0.15, 0.08, 0.10])
    key = np.empty(n, dtype=object)
    u = rng.random(n)
    key[function == "social_worker"] = np.where(u[function == "social_worker"] < 0.75, "time", "caseload")
    key[function == "teacher"] = np.where(u[function == "teacher"] < 0.5, "direct", "caseload")
    key[function == "administrative"] = "fixed"
    key[function == "coordinator"] = "time"
    key[function == "other"] = np.where(u[function == "other"] < 0.6, "time", "fixed")
    # at least one staff member on the time key, so that small data sets have time records
    if not (key == "time").any():
        function[0], key[0] = "social_worker", "time"
    method = np.where((key == "time") & (rng.random(n) < 0.2), "productive_hours", np.where(key == "time", "hours", ""))
    fte = rng.choice([1.0, 0.8, 0.75, 0.5], size=n, p=[0.6, 0.15, 0.1, 0.15])
    # partial years: 12 % start late, 8 % leave early
    starts = np.full(n, _day(PERIOD_START))
    ends = np.full(n, _day(PERIOD_END))
    late = rng.random(n) < 0.12
    early = rng.random(n) < 0.08
    starts[late] = _day(dt.date(YEAR, 2, 1)) + rng.integers(0, 150, late.sum())
    ends[early] = _day(dt.date(YEAR, 7, 1)) + rng.integers(0, 150, early.sum())
    share = np.where(key == "fixed", rng.integers(5, 31, n), 0)
    # R9: administrative staff and fixed shares need a justification; 20 % forgot it
    needs_just = (function == "administrative") | (key == "fixed")
    justified = needs_just & (rng.random(n) < 0.8)
    justification = np.where(justified, text("encodage des PIIS AS et suivi des présences",
                                             "registratie van de GPMI-SA en opvolging van de aanwezigheden"), "")
    # R10: 10 % partly funded elsewhere (PAS, ESF)
    other = np.where(rng.random(n) < 0.10, rng.choice([20, 40, 50, 60], size=n), 0)
    funder = np.where(other > 0, rng.choice(["PAS", "FSE" if lang == "fr" else "ESF"], size=n), "")
    # employer cost per FTE EUR 45-55 k a year; monthly payroll for 95 %, an annual cost for the rest
    annual_fte = rng.integers(4_500_000, 5_500_001, n)
    on_payroll = rng.random(n) < 0.95
    staff_ids = _ids("S", n, 5)
    worked_days = ends - starts + 1
    year_days = (PERIOD_END - PERIOD_START).days + 1

    # ---- payroll: months worked; 13.92 monthly units a year (May holiday pay, December premium)
    pay_sid, pay_month, pay_amount = [], [], []
    annual_cost = np.zeros(n, dtype=np.int64)
    for i in range(n):
        unit = annual_fte[i] * fte[i] / 13.92
        first = (_DAY0 + dt.timedelta(days=int(starts[i]))).month
        last = (_DAY0 + dt.timedelta(days=int(ends[i]))).month
        months = list(range(first, last + 1))
        amounts = [int(unit * (1.92 if m == 5 else 2.0 if m == 12 and last == 12 else 1.0)) for m in months]
        if on_payroll[i]:
            for m, a in zip(months, amounts):
                pay_sid.append(staff_ids[i])
                pay_month.append(f"{m:02d}/{YEAR}")
                pay_amount.append(a)
            if rng.random() < 0.03:  # R1: December of the previous year booked this year: excluded
                pay_sid.append(staff_ids[i])
                pay_month.append(f"12/{YEAR - 1}")
                pay_amount.append(int(unit))
        else:
            annual_cost[i] = sum(amounts)
    # indexation arrears: extra lines for a month already paid, up to 12 lines per staff member on average
    payroll_staff = np.flatnonzero(on_payroll)
    for i in rng.choice(payroll_staff, size=max(0, 12 * n - len(pay_sid)), replace=True) if len(payroll_staff) else []:
        pay_sid.append(staff_ids[i])
        m = int(rng.integers((_DAY0 + dt.timedelta(days=int(starts[i]))).month,
                             (_DAY0 + dt.timedelta(days=int(ends[i]))).month + 1))
        pay_month.append(f"{m:02d}/{YEAR}")
        pay_amount.append(int(rng.integers(2_000, 15_000)))
    fte_text = np.array([f"{f:g}".replace(".", ",") for f in fte.tolist()], dtype=object)
    staff_cols = {
        "id": staff_ids,
        "function": _label("function", function, lang),
        "start": np.where(late, _dates(starts), ""),
        "end": np.where(early, _dates(ends), ""),
        "fte": fte_text,
        "cost": np.where(on_payroll, "", np.array(_money(annual_cost), dtype=object)),
        "key": _label("key", key, lang),
        "method": _label("method", method, lang),
        "share": np.where(key == "fixed", share.astype(str), ""),
        "justification": justification,
        "other_funding": np.where(other > 0, other.astype(str), ""),
        "other_funder": funder,
    }
    _write(out, "staff", lang, staff_cols, n)
    counts["staff"] = n
    _write(out, "payroll", lang, {"staff_id": pay_sid, "month": pay_month, "amount": _money(pay_amount)},
           len(pay_sid))
    counts["payroll"] = len(pay_sid)

    # ---- time records (R6, R25): daily records per activity of the time-key staff
    timed = np.flatnonzero(key == "time")
    weight = fte[timed] * worked_days[timed]
    per_staff = np.floor(spec.time * weight / weight.sum()).astype(np.int64) if len(timed) else np.array([], int)
    if len(timed):
        per_staff[: spec.time - per_staff.sum()] += 1
    acts = np.array(["social_activation", "social_work", "professional_activation", "other"], dtype=object)
    t_sid, t_day, t_act, t_q = [], [], [], []
    for j, i in enumerate(timed):
        m = int(per_staff[j])
        if m == 0:
            continue
        days = _weekdays(_DAY0 + dt.timedelta(days=int(starts[i])), _DAY0 + dt.timedelta(days=int(ends[i])))
        # about 7 h a working day x FTE, spread over the day's records, in quarters of an hour
        total_q = int(len(days) * 7.0 * fte[i] * 4 * 0.92)
        limit_q = int(2080 * 4 * worked_days[i] / year_days * 0.95)
        total_q = max(min(total_q, limit_q), m)
        base, extra = divmod(total_q, m)
        q = np.full(m, base, dtype=np.int64)
        q[rng.permutation(m)[:extra]] += 1
        q = np.minimum(q, len(_QUARTERS) - 1)
        p_sa = rng.uniform(0.15, 0.65)
        p_prof = 0.05 if rng.random() < 0.2 else 0.0
        p_work = (1 - p_sa - p_prof) * 0.75
        p = np.array([p_sa, p_work, p_prof, 1 - p_sa - p_prof - p_work])
        t_sid.append(np.full(m, staff_ids[i], dtype=object))
        t_day.append(days[(np.arange(m) * len(days)) // m])
        t_act.append(acts[rng.choice(4, size=m, p=p)])
        t_q.append(q)
    if t_sid:
        t_sid, t_day, t_act, t_q = (np.concatenate(x) for x in (t_sid, t_day, t_act, t_q))
    else:
        t_sid = t_day = t_act = t_q = np.array([], dtype=np.int64)
    _write(out, "time", lang, {"staff_id": t_sid, "date": _dates(t_day), "activity": _label("activity", t_act, lang),
                               "hours": _QUARTERS[t_q]}, len(t_sid))
    counts["time"] = len(t_sid)

    # ---- caseload (R7, R8): quarterly counts of the caseload-key staff
    cl = np.flatnonzero(key == "caseload")
    quarter_ends = [_day(dt.date(YEAR, m, 30 if m in (6, 9) else 31)) for m in (3, 6, 9, 12)]
    c_sid, c_day, c_piis, c_all = [], [], [], []
    for i in cl:
        ratio = rng.uniform(0.1, 0.9)
        for d in quarter_ends:
            if not starts[i] <= d <= ends[i] + 90:
                continue
            total = int(rng.integers(15, 60))
            c_sid.append(staff_ids[i])
            c_day.append(d)
            c_piis.append(str(int(total * ratio)))
            c_all.append(str(total))
        if not c_sid or c_sid[-1] != staff_ids[i]:  # everyone on the key has at least one count
            c_sid.append(staff_ids[i])
            c_day.append(quarter_ends[-1])
            c_piis.append("5")
            c_all.append("20")
    _write(out, "caseload", lang, {"staff_id": c_sid, "date": _dates(c_day), "piis_files": c_piis,
                                   "all_files": c_all}, len(c_sid))
    counts["caseload"] = len(c_sid)

    # ---- PIIS register (R15-R20, R23)
    k = spec.piis
    piis_ids = _ids("P", k, 6)
    n_persons = max(1, int(round(k * 0.97)))
    person = np.concatenate([np.arange(n_persons), rng.integers(0, n_persons, k - n_persons)])  # R17: 3 % again
    person = person[rng.permutation(k)] if k > n_persons else person
    person_ids = np.array([f"{person_prefix}{p + 1:06d}" for p in person.tolist()], dtype=object)
    ptype = rng.choice(["2.1", "2.2", "2.3", "professional", "studies"], size=k, p=[0.2, 0.55, 0.15, 0.06, 0.04])
    prev_h2 = rng.random(k) < 0.15  # R19: begun in the second half of the previous year
    pstart = np.where(prev_h2, _day(dt.date(YEAR - 1, 7, 1)) + rng.integers(0, 184, k),
                      _day(PERIOD_START) + rng.integers(0, 365, k))
    months = rng.integers(3, 13, k)
    plen = (months * 30.4).astype(np.int64) - 1
    too_long = rng.random(k) < 0.02  # R16: over a year
    plen[too_long] = 365 + rng.integers(20, 90, too_long.sum())
    pend = pstart + plen
    evaluation = np.full(k, -1)
    # R19: most carry-overs were evaluated before the end of the previous year
    ev_prev = prev_h2 & (rng.random(k) < 0.7)
    evaluation[ev_prev] = np.minimum(pstart[ev_prev] + 60, _day(dt.date(YEAR - 1, 12, 20)))
    h2 = (~prev_h2) & (pstart >= _day(dt.date(YEAR, 7, 1))) & (pend > _day(PERIOD_END)) & (rng.random(k) < 0.5)
    evaluation[h2] = np.minimum(pstart[h2] + 60, _day(dt.date(YEAR, 12, 20)))
    evaluation = np.maximum(evaluation, np.where(evaluation >= 0, pstart, -1))
    last = np.minimum(pend, _day(PERIOD_END))
    left = (rng.random(k) < 0.10) & (last > pstart + 30) & (last > _day(PERIOD_START))  # R20: drop-outs
    first = np.maximum(pstart, _day(PERIOD_START))
    left_on = np.where(left, first + (rng.random(k) * (last - first)).astype(np.int64), -1)
    reasons = [text("déménagement", "verhuisd"), text("perte du titre de séjour", "verlies verblijfsvergunning"),
               text("raisons de santé", "gezondheidsredenen")]
    reason = np.where(left & (rng.random(k) < 0.8), rng.choice(np.array(reasons, dtype=object), size=k), "")
    outcome = np.where((~left) & (rng.random(k) < 0.5),
                       rng.choice(["socio_professional", "autonomy", "volunteering", "job"], size=k,
                                  p=[0.3, 0.4, 0.2, 0.1]), "")
    _write(out, "piis", lang, {
        "id": piis_ids, "person": person_ids, "type": _label("piis_type", ptype, lang),
        "start": _dates(pstart), "end": _dates(pend),
        "left_on": np.where(left_on >= 0, _dates(np.maximum(left_on, 0)), ""),
        "leave_reason": reason,
        "evaluation": np.where(evaluation >= 0, _dates(np.maximum(evaluation, 0)), ""),
        "outcome": _label("outcome", outcome, lang), "note": "",
    }, k)
    counts["piis"] = k

    # ---- bilans sociaux (R15 line 1): most beneficiaries, a few more, 3 % last year
    b = spec.bilans
    b_person = np.array([f"{person_prefix}{p + 1:06d}" for p in rng.integers(0, int(n_persons * 1.2) + 1, b).tolist()], dtype=object)
    b_day = np.where(rng.random(b) < 0.03, _day(dt.date(YEAR - 1, 11, 1)) + rng.integers(0, 60, b),
                     _day(PERIOD_START) + rng.integers(0, 365, b))
    _write(out, "bilans", lang, {"person": b_person, "date": _dates(b_day)}, b)
    counts["bilans"] = b

    # ---- attendance (R11): module hours of the PIIS running in the year
    a = spec.attendance
    which = rng.integers(0, k, a)
    lo = np.maximum(pstart[which], _day(PERIOD_START))
    hi = np.minimum(np.where(left_on[which] >= 0, left_on[which], pend[which]), _day(PERIOD_END))
    hi = np.maximum(hi, lo)
    a_day = lo + (rng.random(a) * (hi - lo + 1)).astype(np.int64)
    modules = np.array([text(*m) for m in (("vélo", "fietsen"), ("budget", "budget"), ("énergie", "energie"),
                                           ("FLE", "NT2"), ("citoyenneté", "burgerschap"),
                                           ("transports en commun", "openbaar vervoer"))], dtype=object)
    a_q = rng.choice([8, 10, 12, 16], size=a)
    _write(out, "attendance", lang, {"piis_id": piis_ids[which], "date": _dates(a_day),
                                      "module": modules[rng.integers(0, len(modules), a)],
                                      "hours": _QUARTERS[a_q]}, a)
    counts["attendance"] = a
    # monthly refunds at EUR 1.00 an hour (R11); 10 % of months paid a little more than attended
    in_year = (a_day >= _day(PERIOD_START)) & (a_day <= _day(PERIOD_END))
    month_of = np.array([(_DAY0 + dt.timedelta(days=int(d))).month for d in range(4 * 366)])
    a_month = month_of[a_day]
    refund = [int(a_q[in_year & (a_month == m)].sum()) * 25 for m in range(1, 13)]  # quarters x 25 cents

    # ---- operating ledger (R1, R10-R14)
    o = spec.operating
    n_ref = min(12, o)
    o_n = o - n_ref
    purpose = rng.choice(["social_activation", "literacy", "language_course", "pre_training", "pre_training_job",
                          "professional_activation", "studies"], size=o_n,
                         p=[0.62, 0.09, 0.12, 0.06, 0.04, 0.045, 0.025])
    amount = np.round(rng.lognormal(np.log(250.0), 0.9, o_n) * 100).astype(np.int64)
    amount = np.clip(amount, 500, 5_000_000)
    o_day = np.where(rng.random(o_n) < 0.02, _day(dt.date(YEAR - 1, 12, 1)) + rng.integers(0, 31, o_n),
                     _day(PERIOD_START) + rng.integers(0, 365, o_n))  # R1: 2 % booked for last December
    contract = rng.choice(["own", "partnership", "subcontracting"], size=o_n, p=[0.7, 0.2, 0.1])
    ref = np.where((contract == "subcontracting") & (rng.random(o_n) < 0.85),
                   np.array([f"MP-{YEAR}-{i:04d}" for i in rng.integers(1, 500, o_n).tolist()], dtype=object), "")
    o_share = np.where(rng.random(o_n) < 0.1, rng.integers(20, 81, o_n).astype(str), "")
    o_other = np.where(rng.random(o_n) < 0.05, rng.choice(["30", "50", "100"], size=o_n), "")
    o_funder = np.where(o_other != "", "PAS", "")
    descr = {"social_activation": text("atelier activation sociale", "workshop sociale activering"),
             "literacy": text("cours d'alphabétisation", "alfabetiseringscursus"),
             "language_course": text("cours FLE", "cursus NT2"),
             "pre_training": text("préformation", "vooropleiding"),
             "pre_training_job": text("préformation agent de nettoyage", "vooropleiding schoonmaak"),
             "professional_activation": text("atelier de recherche d'emploi", "sollicitatieworkshop"),
             "studies": text("frais d'études", "studiekosten")}
    ref_amount = [r + (r // 20 if rng.random() < 0.1 else 0) for r in refund[:n_ref]]
    ref_day = [_day(dt.date(YEAR, m, 28)) for m in range(1, n_ref + 1)]
    _write(out, "operating", lang, {
        "id": _ids("O", o, 6),
        "date": np.concatenate([_dates(o_day), _dates(ref_day)]),
        "description": [descr[p] for p in purpose] + [text("défraiement des participants", "vergoeding deelnemers")] * n_ref,
        "amount": _money(np.concatenate([amount, np.array(ref_amount, dtype=np.int64)])),
        "purpose": np.concatenate([_label("purpose", purpose, lang), _label("purpose", ["participant_refund"] * n_ref, lang)]),
        "share": np.concatenate([o_share, np.full(n_ref, "", dtype=object)]),
        "contract": np.concatenate([_label("contract", contract, lang), _label("contract", ["own"] * n_ref, lang)]),
        "procurement_ref": np.concatenate([ref, np.full(n_ref, "", dtype=object)]),
        "other_funding": np.concatenate([o_other, np.full(n_ref, "", dtype=object)]),
        "other_funder": np.concatenate([o_funder, np.full(n_ref, "", dtype=object)]),
    }, o)
    counts["operating"] = o

    # ---- the convention: a grant close to what the CPAS will claim (a rough estimate, not the engine)
    cost = np.where(on_payroll, annual_fte * fte * worked_days / year_days, annual_cost)
    est_share = np.select([key == "time", key == "caseload", key == "direct", key == "fixed"],
                          [0.4, 0.5, 1.0, share / 100.0])
    est_share = np.where(needs_just & ~justified, 0.0, est_share)
    est_share = np.minimum(est_share, 1 - other / 100.0)
    eligible_op = amount[~np.isin(purpose, ["pre_training_job", "professional_activation", "studies"])].sum()
    estimate = float((cost * est_share).sum()) + float(eligible_op) + sum(refund[:n_ref])
    granted = int(estimate * rng.uniform(0.95, 1.08) / 10_000) * 10_000
    types = {t: int((ptype == t).sum()) for t in ("2.1", "2.2", "2.3")}
    _write(out, "convention", lang, {
        "cpas": [name], "year": [str(YEAR)], "signed": ["30/09/2015"], "granted": _money([granted]),
        "obj_bilans": [str(int(b * 0.9))], "obj_2_1": [str(int(types["2.1"] * 0.8))],
        "obj_2_2": [str(int(types["2.2"] * 0.8))], "obj_2_3": [str(int(types["2.3"] * 0.8))],
    }, 1)
    counts["convention"] = 1
    return counts


# --------------------------------------------------------------------------- the national data set

def national_specs(factor: int = NATIONAL_FACTOR, n_cpas: int = N_CPAS) -> list[Spec]:
    """One spec per CPAS: Zipf-like sizes, the largest city size, totals ``factor`` x city."""
    city = SIZES["city"]
    rank = np.arange(1, n_cpas + 1, dtype=float)
    lo, hi = 0.01, 3.0
    for _ in range(100):  # the exponent that makes the weights (largest = 1) add up to ``factor``
        a = (lo + hi) / 2
        lo, hi = (a, hi) if (rank ** -a).sum() > factor else (lo, a)
    w = rank ** -a
    w *= factor / w.sum()

    def split(per_city: int, minimum: int) -> np.ndarray:
        exact = w * per_city
        x = np.maximum(np.floor(exact).astype(np.int64), minimum)
        left = factor * per_city - int(x.sum())  # largest remainders first, the biggest CPAS absorbs the rest
        order = np.argsort(-(exact - np.floor(exact)), kind="stable")
        x[order[:max(left, 0)]] += 1
        x[0] += factor * per_city - int(x.sum())
        return x

    cols = {f: split(getattr(city, f), m) for f, m in
            (("staff", 3), ("piis", 5), ("operating", 20), ("time", 200), ("attendance", 20), ("bilans", 5))}
    return [Spec(**{f: int(cols[f][i]) for f in cols}) for i in range(n_cpas)]


def cpas_name(i: int) -> tuple[str, str]:
    """A fictitious name and the language of CPAS number ``i`` (0-based): about 300 Dutch-speaking."""
    lang = "nl" if i % 2 == 0 else "fr"
    return (f"OCMW Gemeente {i + 1:03d}" if lang == "nl" else f"CPAS de Commune {i + 1:03d}"), lang


def generate(size: str, seed: int, out: str | Path) -> dict:
    """Write the data set of ``size`` under ``out``; returns {folder: row counts}."""
    out = Path(out)
    if size in SIZES:
        name = "CPAS de Petiteville" if size == "small" else "CPAS de Grandeville"
        return {str(out): generate_cpas(out, SIZES[size], seed, name=name, lang="fr")}
    if size == "cluster":
        return generate_cluster(out, seed)
    if size != "national":
        raise ValueError(f"unknown size {size!r}: small, city, cluster or national")
    result = {}
    for i, spec in enumerate(national_specs()):
        name, lang = cpas_name(i)
        folder = out / f"cpas-{i + 1:03d}"
        result[str(folder)] = generate_cpas(folder, spec, seed * 1000 + i, name=name, lang=lang)
    return result


# --------------------------------------------------------------------------- a cluster (issue 11)

CLUSTER_NAME = "Cluster des Quatre Vents"
CLUSTER_MEMBERS = ("CPAS de Petit-Amont", "CPAS de Petit-Aval", "CPAS de Petit-Val", "CPAS de Petit-Mont")


def generate_cluster(out: str | Path, seed: int) -> dict:
    """A cluster in form 1 of /work/notes/cluster_format.md: ``convention.csv`` at the top (one row per member:
    cluster, role, CPAS; the cluster-wide fields on the promoter's row only; distribution key blank = pro rata
    of the claimed costs) and one sub-folder per member, named exactly as its CPAS, holding its own tables
    (small size, French) and no convention.  The grant and the objectives are the sums of the members' own
    generated conventions.  Returns {folder: row counts}, the convention counted at the top."""
    from decimal import Decimal
    from .money import parse_decimal
    from .schema import CLUSTER_CONVENTION
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result: dict = {}
    granted = Decimal(0)
    objectives = {"obj_bilans": 0, "obj_2_1": 0, "obj_2_2": 0, "obj_2_3": 0}
    conv_head = [TABLE_BY_ID["convention"].column(c).header("fr") for c in ("granted", *objectives)]
    year = signed = ""
    for i, name in enumerate(CLUSTER_MEMBERS):
        folder = out / name
        counts = generate_cpas(folder, SIZES["small"], seed * 100 + i, name=name, lang="fr",
                               person_prefix=f"B{i + 1}")
        conv_file = folder / f"{TABLE_BY_ID['convention'].name('fr')}.csv"
        head, row = conv_file.read_text(encoding="utf-8-sig").splitlines()[:2]
        values = dict(zip(head.split(";"), row.split(";")))
        granted += parse_decimal(values[conv_head[0]])
        for key, h in zip(objectives, conv_head[1:]):
            objectives[key] += int(values[h])
        year = values[TABLE_BY_ID["convention"].column("year").header("fr")]
        signed = values[TABLE_BY_ID["convention"].column("signed").header("fr")]
        conv_file.unlink()  # a member's folder holds no convention: the cluster's is at the top
        counts.pop("convention", None)
        result[str(folder)] = counts
    ids = ("cluster", "role", "cpas", "year", "signed", "granted", *objectives, "distribution_key")
    header = ";".join(CLUSTER_CONVENTION.column(c).header("fr") for c in ids)
    g = f"{granted:.2f}".replace(".", ",")
    rows = []
    for i, name in enumerate(CLUSTER_MEMBERS):
        wide = [year, signed, g, *(str(v) for v in objectives.values())] if i == 0 else [""] * 7
        rows.append(";".join([CLUSTER_NAME, "promoteur" if i == 0 else "membre", name, *wide, ""]))
    with open(out / f"{TABLE_BY_ID['convention'].name('fr')}.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join([header, *rows]) + "\r\n")
    result[str(out)] = {"convention": len(rows)}
    return result


def total_rows(counts: dict) -> int:
    """Input rows of a data set (all tables, all CPAS)."""
    return sum(sum(c.values()) for c in counts.values())


__all__ = ["generate", "generate_cpas", "generate_cluster", "national_specs", "Spec", "SIZES", "total_rows", "replace"]
