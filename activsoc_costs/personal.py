"""personal: personal data in the loaded tables (national numbers, beneficiaries' names).

Owns the scan for national register numbers in every column (a warning naming the
column and rows, never the value), the pseudonymisation of beneficiary columns through
``privacy`` (keyed hash), and scrubbing problem texts so that no message repeats a
national number or a name.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from . import privacy
from . import problems as P
from .schema import TABLES
from .keydata import Inputs
from .cells import _col, _rows_text
from .frames import column
from .distinct import _factorize_values


# beneficiary columns: always replaced by a pseudonym (R17 and R15 only need to tell people apart)
PERSON_COLUMNS = {("piis", "person"), ("bilans", "person")}
# id columns that officers sometimes fill with a national number or a name
BENEFICIARY_ID_COLUMNS = {("piis", "id"), ("attendance", "piis_id")}
def _scan_for_nrn(seen: list, warnings: list[P.Problem]) -> bool:
    """A warning for every column of every input sheet holding a national
    register number: the column and rows, never the value.  True if any."""
    any_hit = False
    # the columns of text cells without a line break, joined one per line: usually none of them can hold a
    # number (``privacy.may_hold_nrn``), and only the others are scanned
    joined, other = [], set()
    for n, entry in enumerate(seen):
        uniq = entry[3]
        try:
            text = "\n".join(uniq.tolist() if isinstance(uniq, np.ndarray) else uniq)
        except TypeError:
            text = None
        if text is None or text.count("\n") != len(uniq) - 1:
            other.add(n)
        else:
            joined.append(text)
    if privacy.may_hold_nrn("\n".join(joined)):
        other = range(len(seen))
    for n in sorted(other):
        file, sheet, name, uniq, codes, rows_of = seen[n]
        hits = privacy.values_with_nrn(uniq)  # a blank cell holds no digit: never a hit
        if not hits:
            continue
        any_hit = True
        hit_ids = {id(h) for h in hits}
        hit_codes = [j for j in range(len(uniq)) if id(uniq[j]) in hit_ids]
        rows = rows_of[np.isin(codes, hit_codes)].tolist()
        warnings.append(P.make("w_personal_nrn", file=file, sheet=sheet, row=int(rows[0]), column=name,
                               rows=_rows_text(rows)))
    return any_hit


def _protect_personal_data(inputs: Inputs, seen: list, internal: bool) -> None:
    """Detect national register numbers and beneficiaries' names (warnings name
    the column and rows, never the value) and, unless ``internal``, replace them
    by keyed pseudonyms everywhere the report could show them."""
    t, warnings = inputs.tables, inputs.warnings
    any_nrn = _scan_for_nrn(seen, warnings)
    factorized: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def cells(tid: str, cid: str) -> tuple[np.ndarray, np.ndarray]:
        """A column's codes and distinct values (blanks left out), taken once for every step below."""
        if (tid, cid) not in factorized:
            factorized[tid, cid] = _factorize_values(column(t[tid], cid, dtype=object))
        return factorized[tid, cid]

    names: set[str] = set()
    named_at: list[tuple[str, str, set]] = []
    for (tid, cid) in sorted(PERSON_COLUMNS | BENEFICIARY_ID_COLUMNS):
        frame = t[tid]
        if 0 in frame.shape or cid not in frame:
            continue
        strict = (tid, cid) not in PERSON_COLUMNS
        hits = {u for u in privacy.values_without_digits(cells(tid, cid)[1])
                if privacy.looks_like_name(u, strict=strict)}
        if hits:
            names |= hits
            named_at.append((tid, cid, hits))
    pattern = privacy.name_pattern(names)
    text_cols = [(tb.id, c.id) for tb in TABLES for c in tb.columns if c.kind == "text"]
    if pattern is not None:
        for tid, cid in text_cols:
            if (tid, cid) in PERSON_COLUMNS | BENEFICIARY_ID_COLUMNS:
                continue
            if 0 in t[tid].shape:
                continue
            hits = {u for u in cells(tid, cid)[1] if isinstance(u, str) and pattern.search(u)}
            if hits:
                named_at.append((tid, cid, hits))
    for tid, cid, hits in named_at:
        frame = t[tid]
        codes, uniq = cells(tid, cid)
        holds = np.fromiter((u in hits for u in uniq), dtype=bool, count=len(uniq))
        mask = (codes >= 0) & holds[np.maximum(codes, 0)]
        rows = frame["src_row"].to_numpy()[mask].astype(int).tolist()
        first = int(mask.argmax())
        warnings.append(P.make("w_personal_name", file=frame["src_file"].iat[first],
                               sheet=frame["src_sheet"].iat[first], row=rows[0], column=_col(tid, cid), rows=_rows_text(rows)))
    inputs.internal = internal
    scrub_text = any_nrn or bool(names)  # else no text column can hold either: skip the per-value work
    if internal:
        # the real numbers are kept, written one way, so that "85073003328" in the attendance
        # still names the PIIS "85.07.30-033.28" (as the pseudonyms do in the normal version)
        for tid, cid in text_cols if any_nrn else ():
            frame = t[tid]
            if frame.empty:
                continue
            uniq = pd.unique(frame[cid].dropna().to_numpy(dtype=object))
            change = {u: privacy.format_nrn(d) for u in uniq if (d := privacy.whole_nrn(u))}
            if change:
                frame[cid] = frame[cid].map(lambda v: change.get(v, v) if isinstance(v, str) else v)
        return
    try:
        ps = privacy.Pseudonymiser(privacy.load_key(), names)
    except privacy.KeyError_ as e:
        inputs.problems.append(P.make(e.code, file=str(e.path), detail=e.detail or "-"))
        return
    for tid, cid in text_cols:
        frame = t[tid]
        person = (tid, cid) in PERSON_COLUMNS
        if 0 in frame.shape or not (person or scrub_text):
            continue
        codes, uniq = cells(tid, cid)
        if person:
            new = np.array(ps.pseudonyms(uniq), dtype=object)
        else:
            new = np.array([ps.scrub(u) for u in uniq], dtype=object)
            if all(a is b or a == b for a, b in zip(new, uniq)):
                continue
        out = np.where(codes < 0, None, new[np.maximum(codes, 0)] if len(new) else None)
        frame[cid] = pd.Series(out, index=frame.index, dtype=object, copy=False)  # ``out`` is ours: no copy
    inputs.pseudonymiser = ps
    inputs._scrub_needed = scrub_text


def _scrub_problems(inputs: Inputs) -> None:
    """No problem or warning message repeats a national number or a name."""
    ps = getattr(inputs, "pseudonymiser", None)
    if ps is None or not inputs.__dict__.get("_scrub_needed"):
        return
    for lst in (inputs.problems, inputs.warnings):
        for i, p in enumerate(lst):
            new = dataclasses.replace(p, value=ps.scrub(p.value), message_fr=ps.scrub(p.message_fr),
                                      message_nl=ps.scrub(p.message_nl))
            if new != p:
                lst[i] = new
