"""export: figures -> the justification workbook (.xlsx), in French or Dutch.

The workbook is what the finance officer checks, signs, attaches to the final
report (R3) and shows the auditor.  Every share, every claimed amount, every
total and every summary figure is a live formula over the detail rows, with the
library's figure stored as the cached result; a spreadsheet engine that
recalculates the file finds the same cents (``tests/e2e/test_spreadsheet_*``
proves it with LibreOffice).

The line formulas repeat ``allocate.split`` cell by cell, so the rounding is the
library's (each fate rounded half-up once per line, totals are sums of lines):

    social-activation part  = ROUND(cost × share; 2)
    claimed                 = MIN(ROUND(cost × claimable share; 2); SA part)
    not eligible            = MIN(ROUND(cost × not-eligible share; 2); cost − SA part)
    excluded                = SA part − claimed
    other use               = cost − SA part − not eligible

where the claimable share is ``allowed × MAX(0; MIN(share; 1 − other funding))``
(R10: all funders together never above 100 %; ``allowed`` is 0 for a payroll
month outside the period, R1, or an administrative / fixed share without a
written justification, R9).  Operating lines add the purpose (R13: not
eligible by nature), the period and procurement checks (R1, R14) and the
participant refunds, capped by attendance hours × rate (R11, R18), which use the
attendance budget in the engine's order (date, then id: ``allocate._split_refunds``
gives the order and each refund's part), whatever their order in the ledger.

A personnel line is one staff member for the period: its cost is the SUMIFS of its
payroll months of the period (sheet Salaires / Lonen), or its annual cost; each
payroll month outside the period is its own line, excluded (R1).

The workbook cannot disagree with the library unnoticed: every detail line ends with
the program's amount and four fates (plain numbers) and a check cell (0: the line's
formulas give exactly those), the checks sheet counts the lines that differ
(``Lines_Mismatch``, must be 0) and compares every R15 / R23 count.

A what-if scenario's workbook (``simulation=True``) says SIMULATION in its file name,
its titles, page headers and footers, has no signature block and no hashes of the
inputs.  Files get the permissions of the umask (0644 under umask 022).

One module per sheet: ``summary``, ``personnel``, ``payroll``, ``operating``,
``trajectories``, ``checks``, ``parameters``; ``_book`` holds the workbook being
written, its formats and the fast row writer; this module the public functions.

Safety: all text is written with ``write_string`` (a description beginning with
``=`` stays text, never a formula); the file is written under a temporary name
in its folder and renamed (``os.replace``), so a crash never leaves half a file;
the document properties are fixed, so the same inputs give the same bytes.
Nothing is ever written into the inputs' folder.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path

from ..labels import label
from ._book import (DATE, EUR, FATES, FIRST, HOURS, LANGS, LIB_COLS, MONTH, PCT, Pseudonyms, _Book, _RawRows,
                    _Worksheet, _xml, pseudonymise, slug)
from .checks import C_WIDTHS, write_checks
from .operating import O_COLS, O_LIB, O_MONEY, O_WIDTHS, _refund_order, write_operating
from .parameters import write_parameters
from .payroll import PAY_COLS, PAY_WIDTHS, _payroll_detail, write_payroll
from .personnel import P_COLS, P_LIB, P_MONEY, P_WIDTHS, write_personnel
from .summary import SUMMARY_R15, SUMMARY_R23, write_summary
from .trajectories import STATUS_KEY, T_COLS, T_WIDTHS, write_trajectories

__all__ = ["export", "write_workbook", "output_name", "slug", "pseudonymise"]


def output_name(figures, lang: str, suffix: str = ".xlsx", *, simulation: bool = False, scenario: str = "") -> str:
    """``<cpas-slug>-<year>-justification-<lang>.xlsx``; a what-if scenario's workbook is
    ``<cpas-slug>-<year>-SIMULATION[-<scenario>]-<lang>.xlsx`` (never taken for the report)."""
    if simulation:
        name = f"-{slug(scenario)}" if scenario and slug(scenario) != "cpas" else ""
        return f"{slug(figures.cpas)}-{figures.year}-SIMULATION{name}-{lang}{suffix}"
    return f"{slug(figures.cpas)}-{figures.year}-justification-{lang}{suffix}"


def file_mode() -> int:
    """The permissions a new file gets under the process's umask (0644 under umask 022):
    the temporary file of ``mkstemp`` is 0600, the officer's colleagues must read the workbook."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(mask)
    return 0o666 & ~mask


# --------------------------------------------------------------------------- the public functions

def write_workbook(figures, inputs, path: str | Path, lang: str = "fr", *, fast: bool = True,
                   simulation: bool = False, scenario: str = "") -> Path:
    """Write the justification workbook of ``figures`` to ``path`` (as it is: no
    temporary name, no overwrite check; ``export`` adds those).  ``fast=False``
    writes every cell through xlsxwriter's public API (the same file, slower).
    ``simulation``: a what-if scenario's workbook (SIMULATION in every title, header
    and footer, no signature block, no hashes of the inputs)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    path = Path(path)
    b = _Book(path, figures, inputs, lang, fast, simulation, scenario)
    # Sheet order is the reading order; each sheet is written top to bottom (constant memory).
    write_summary(b)
    write_personnel(b)
    write_payroll(b)
    write_operating(b)
    write_trajectories(b)
    write_checks(b)
    write_parameters(b)
    b.wb.worksheets()[0].activate()
    b.wb.close()
    return path


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def _free_name(out_dir: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """``stem``, else ``stem-2``, ``stem-3``… whose files (one per suffix) do not exist yet."""
    n = 1
    while True:
        cand = stem if n == 1 else f"{stem}-{n}"
        if not any((out_dir / f"{cand}{s}").exists() for s in suffixes):
            return cand
        n += 1


def _remove_stale_temporaries(out_dir: Path, stem: str) -> None:
    """Remove the hidden temporary files left by an export that was killed
    (their name carries the writer's process id; a live writer's file is kept)."""
    for p in out_dir.glob(f".{stem}.*.xlsx.tmp"):
        pid = p.name[len(stem) + 2:].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            p.unlink(missing_ok=True)
        except PermissionError:
            pass  # a live process of another user


def export(figures, inputs, out_dir: str | Path = "outputs", lang: str = "fr", *, force: bool = False,
           pdf: bool = False, xlsx: bool = True, notes: list | None = None, simulation: bool = False,
           scenario: str = "") -> list[Path]:
    """Write the justification workbook(s) into ``out_dir``; return the paths written.

    ``lang``: ``fr``, ``nl`` or ``all`` (both files).  An existing file is
    replaced only with ``force``; otherwise, when its bytes differ, the new file
    gets a numbered name (``…-fr-2.xlsx``) and ``notes`` (a list, if given)
    receives ``(code, path)`` tuples the caller can show: ``renamed`` or
    ``unchanged`` (identical bytes: nothing rewritten).  ``pdf``: also print the
    workbook to PDF with LibreOffice; ``xlsx=False`` keeps only the PDF.
    ``simulation`` (a what-if scenario, named ``scenario``): SIMULATION in the file
    name, titles, headers and footers; no signature block, no hashes of the inputs.
    Files written get the permissions of the umask (0644 under umask 022).
    """
    langs = LANGS if lang == "all" else (lang,)
    for lg in langs:
        if lg not in LANGS:
            raise ValueError(f"lang must be fr, nl or all, not {lang!r}")
    if not xlsx and not pdf:
        return []
    out_dir = Path(out_dir)
    src = Path(str(getattr(inputs, "source", "") or ""))
    if str(src) not in ("", "."):
        folder = src if src.is_dir() else src.parent
        if _inside(out_dir, folder):
            # nothing is ever written into the inputs' folder
            raise ValueError(f"{label('xl_refuse_inputs', 'fr')} / {label('xl_refuse_inputs', 'nl')}: {folder}")
    out_dir.mkdir(parents=True, exist_ok=True)
    note = notes.append if notes is not None else (lambda _x: None)
    written: list[Path] = []
    for lg in langs:
        stem = output_name(figures, lg, "", simulation=simulation, scenario=scenario)
        _remove_stale_temporaries(out_dir, stem)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{stem}.{os.getpid()}.", suffix=".xlsx.tmp", dir=out_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            write_workbook(figures, inputs, tmp, lg, simulation=simulation, scenario=scenario)
            os.chmod(tmp, file_mode())  # mkstemp made it 0600: the umask decides, as for any file
            suffixes = tuple(s for s, on in ((".xlsx", xlsx), (".pdf", pdf)) if on)
            target_stem = stem
            if not force and any((out_dir / f"{stem}{s}").exists() for s in suffixes):
                existing = out_dir / f"{stem}.xlsx"
                if suffixes == (".xlsx",) and filecmp.cmp(existing, tmp, shallow=False):
                    note(("unchanged", existing))  # same inputs, same bytes: nothing to rewrite
                    written.append(existing)
                    continue
                target_stem = _free_name(out_dir, stem, suffixes)
                note(("renamed", out_dir / f"{target_stem}{suffixes[0]}"))
            pdf_path = _pdf(tmp, out_dir / f"{target_stem}.pdf") if pdf else None
            if xlsx:
                target = out_dir / f"{target_stem}.xlsx"
                os.replace(tmp, target)  # atomic: never half a file under the final name
                written.append(target)
            if pdf_path:
                written.append(pdf_path)
        finally:
            if tmp.exists():
                tmp.unlink()
    return written


def _pdf(xlsx_path: Path, target: Path) -> Path:
    """The workbook printed by LibreOffice (formulas recalculated), renamed into place."""
    from .. import _libreoffice as lo
    work = Path(tempfile.mkdtemp(prefix=".pdf-", dir=target.parent))
    try:
        stage = work / f"{target.stem}.xlsx"
        shutil.copyfile(xlsx_path, stage)
        produced = lo.to_pdf(stage, work / "out")
        os.chmod(produced, file_mode())
        os.replace(produced, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)
