"""Thin wrapper around headless LibreOffice.

Used to (a) recalculate every formula of an ``.xlsx`` so that the cached
values stored in the file are the ones a spreadsheet engine computes, and
(b) export a workbook to PDF.

Every call runs ``soffice`` with its own throw-away user profile
(``-env:UserInstallation=file:///tmp/...``).  This makes concurrent calls
safe (LibreOffice refuses to share a profile between processes) and lets us
force *"Recalculation on file load: always"* for OOXML and ODF documents:
by default LibreOffice trusts the cached values written by the producer of
the file (xlsxwriter writes ``0`` or whatever ``value=`` was given), so a
plain ``--convert-to`` would just copy those stale numbers.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

__all__ = [
    "LibreOfficeError",
    "LibreOfficeNotFound",
    "soffice_path",
    "recalculate_xlsx",
    "recalculate_many",
    "to_pdf",
]

DEFAULT_TIMEOUT = 180.0  # seconds; first start of a fresh profile is ~2-5 s

# 0 = always recalculate, 1 = never, 2 = prompt (the default is "never").
_REGISTRY_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">\
<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">\
<prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


class LibreOfficeError(RuntimeError):
    """soffice ran but did not produce the expected output."""


class LibreOfficeNotFound(LibreOfficeError, FileNotFoundError):
    """No soffice binary on this machine."""


def soffice_path() -> str | None:
    """Return the LibreOffice binary (``$SOFFICE`` wins), or ``None``."""
    override = os.environ.get("SOFFICE")
    for cand in ((override,) if override else ()) + _CANDIDATES:
        found = shutil.which(cand)
        if found:
            return found
    return None


def _write_profile(root: Path) -> str:
    """Create a LibreOffice user profile under *root*; return its file URI."""
    user = root / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_REGISTRY_XCU, encoding="utf-8")
    return root.resolve().as_uri()


def _convert(src: Path, dst: Path, convert_to: str, timeout: float) -> Path:
    return _convert_many([src], [dst], convert_to, timeout)[0]


def _convert_many(srcs: list[Path], dsts: list[Path], convert_to: str, timeout: float) -> list[Path]:
    """Convert several files in ONE soffice run (a start costs seconds); their stems must differ."""
    srcs = [Path(p).resolve() for p in srcs]
    dsts = [Path(p) for p in dsts]
    for src in srcs:
        if not src.is_file():
            raise FileNotFoundError(src)
    if len({p.stem for p in srcs}) != len(srcs):
        raise ValueError("files converted together need different names")
    src = srcs[0] if len(srcs) == 1 else Path(f"{len(srcs)} files")
    binary = soffice_path()
    if binary is None:
        raise LibreOfficeNotFound(
            "LibreOffice 'soffice' not found on PATH (Debian: apt-get install "
            "libreoffice-calc-nogui; or set $SOFFICE)"
        )
    ext = convert_to.split(":", 1)[0]
    work = Path(tempfile.mkdtemp(prefix="activsoc-lo-"))
    try:
        profile_uri = _write_profile(work / "profile")
        outdir = work / "out"
        outdir.mkdir()
        env = dict(os.environ)
        # LibreOffice/fontconfig want a writable HOME; CI containers often lack one.
        home = env.get("HOME")
        if not home or not os.access(home, os.W_OK):
            env["HOME"] = str(work)
        env.setdefault("SAL_USE_VCLPLUGIN", "svp")
        cmd = [
            binary,
            f"-env:UserInstallation={profile_uri}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            convert_to,
            "--outdir",
            str(outdir),
            *[str(p) for p in srcs],
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=str(work),
            start_new_session=True,  # so we can kill oosplash + soffice.bin together
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            out, err = proc.communicate()
            raise LibreOfficeError(
                f"soffice timed out after {timeout:.0f}s converting {src}"
            ) from None
        produced = [outdir / f"{p.stem}.{ext}" for p in srcs]
        if proc.returncode != 0 or not all(p.is_file() for p in produced):
            raise LibreOfficeError(
                f"soffice failed (rc={proc.returncode}) converting {src} to {ext}:\n"
                f"cmd: {' '.join(cmd)}\nstdout: {out.decode(errors='replace')}\n"
                f"stderr: {err.decode(errors='replace')}"
            )
        for p, dst in zip(produced, dsts):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(p), str(dst))
        return dsts
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()


def recalculate_xlsx(
    src: Path, dst_dir: Path, *, timeout: float = DEFAULT_TIMEOUT
) -> Path:
    """Open *src* in LibreOffice, recalculate all formulas, save as xlsx.

    Returns ``dst_dir / "<stem>.recalc.xlsx"``; *src* is never modified.
    """
    src = Path(src)
    dst = Path(dst_dir) / f"{src.stem}.recalc.xlsx"
    if dst.resolve() == src.resolve():
        raise ValueError(f"refusing to overwrite {src}")
    return _convert(src, dst, "xlsx:Calc MS Excel 2007 XML", timeout)


def recalculate_many(
    srcs: list[Path], dst_dir: Path, *, timeout: float = DEFAULT_TIMEOUT
) -> list[Path]:
    """:func:`recalculate_xlsx` for several files in one LibreOffice run (tests
    that recalculate many workbooks): ``dst_dir / "<stem>.recalc.xlsx"`` each."""
    srcs = [Path(p) for p in srcs]
    if not srcs:
        return []
    dsts = [Path(dst_dir) / f"{p.stem}.recalc.xlsx" for p in srcs]
    for src, dst in zip(srcs, dsts):
        if dst.resolve() == src.resolve():
            raise ValueError(f"refusing to overwrite {src}")
    return _convert_many(srcs, dsts, "xlsx:Calc MS Excel 2007 XML", timeout * max(1, len(srcs)) ** 0.5)


def to_pdf(src: Path, dst_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Export *src* (xlsx/ods/...) to ``dst_dir / "<stem>.pdf"`` (formulas recalculated)."""
    src = Path(src)
    dst = Path(dst_dir) / f"{src.stem}.pdf"
    if dst.resolve() == src.resolve():
        raise ValueError(f"refusing to overwrite {src}")
    return _convert(src, dst, "pdf:calc_pdf_Export", timeout)
