"""The command line: ``activsoc-costs report | template``.

Bad input never gives a traceback: problems are listed with their place and
rule, in French or Dutch, and the exit code is non-zero.  ``--debug`` shows the
traceback of an internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .gcpause import collector_paused
from .labels import label
from .load import load
from .money import fmt_eur, fmt_pct
from .pipeline import report
from .summarise import Figures
# shared with the app (cli and app never import each other)
from .defaults import ENV_INPUTS, ENV_LANG, ENV_OUTPUTS, SAMPLE, default_inputs, default_lang  # noqa: F401

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _problems_text(problems, lang: str, title_key: str) -> str:
    lines = [f"{label(title_key, lang).upper()} ({len(problems)})"]
    lines += [f"  - {p.line(lang)}" for p in problems]
    return "\n".join(lines)


def summary_text(f: Figures, lang: str) -> str:
    L = lambda k: label(k, lang)  # noqa: E731
    eur = lambda c: fmt_eur(c, lang)  # noqa: E731
    conv = f.convention
    period = f"{conv['period_start']:%d/%m/%Y} – {conv['period_end']:%d/%m/%Y}"
    w = 44
    out = [f"{f.cpas} — {L('subsidy')} {L('social_activation')} {f.year} ({period})", ""]
    out.append(f"{L('granted'):<{w}}{eur(f.granted):>16}")
    out.append(f"{L('advance'):<{w}}{eur(f.advance):>16}")
    out.append("")
    head = "".join(f"{L(k):>20}" for k in ("amount", "claimed", "not_eligible", "excluded", "other_use"))
    out.append(f"{'':<24}{head}")
    for kind, t in (("personnel_costs", f.personnel), ("operating_costs", f.operating)):
        out.append(f"{L(kind):<24}" + "".join(f"{eur(t[k]):>20}" for k in ("amount", "claimed", "not_eligible",
                                                                            "excluded", "other_use")))
    out.append("")
    out.append(f"{L('claimed'):<{w}}{eur(f.claimed):>16}")
    out.append(f"{L('accepted'):<{w}}{eur(f.accepted):>16}")
    word = L("to_receive") if f.balance >= 0 else L("to_pay_back")
    out.append(f"{L('balance') + ' (' + word + ')':<{w}}{eur(abs(f.balance)):>16}")
    out.append(f"{L('use_of_grant'):<{w}}{fmt_pct(f.use_of_grant, lang) + ' %':>16}")
    out.append("")
    out.append(f"R15 — {L('objective')} / {L('realised')}")
    for key, line in (("bilans", "line_1"), ("piis", "line_2"), ("2.1", "line_2.1"), ("2.2", "line_2.2"),
                      ("2.3", "line_2.3")):
        obj = f.objectives.get(key)
        text = L(line)
        text = text if len(text) <= 70 else text[:67] + "..."
        out.append(f"  {text:<72}{'' if obj is None else obj:>6}{f.counts[key]:>6}")
    out.append("")
    out.append("R23 — " + ", ".join(f"{L(k)} {f.results[k]}" for k in
                                    ("socio_professional", "autonomy", "volunteering", "job", "left_with_reason",
                                     "ongoing")))
    return "\n".join(out)


# ---- clusters (issue 11): the cluster's summary, the distribution, then each member's summary
CLUSTER_WORDS = {
    "fr": {"cluster": "Cluster", "promoter": "promoteur", "member": "membre", "distribution": "Répartition du montant accepté",
           "pro_rata_claimed": "au prorata des frais déclarés, plus grand reste au cent près",
           "agreed_key": "selon la clé de répartition convenue, plus grand reste au cent près",
           "key": "clé %", "distributed": "réparti", "advance_share": "part de l'avance", "total": "total",
           "members_title": "Chaque membre (montant accepté = sa part répartie ; avance = sa part de l'avance)"},
    "nl": {"cluster": "Cluster", "promoter": "promotor", "member": "lid", "distribution": "Verdeling van het aanvaarde bedrag",
           "pro_rata_claimed": "pro rata van de ingediende kosten, grootste rest tot op de cent",
           "agreed_key": "volgens de afgesproken verdeelsleutel, grootste rest tot op de cent",
           "key": "sleutel %", "distributed": "verdeeld", "advance_share": "deel van het voorschot", "total": "totaal",
           "members_title": "Elk lid (aanvaard bedrag = zijn verdeelde deel; voorschot = zijn deel van het voorschot)"},
}


def cluster_text(cf, lang: str) -> str:
    W = CLUSTER_WORDS[lang]
    eur = lambda c: fmt_eur(c, lang)  # noqa: E731
    f = cf.figures
    out = [f"{W['cluster']} « {f.cpas} » — " + ", ".join(f"{m.member.cpas} ({W[m.member.role]})" for m in cf.members),
           "", summary_text(f, lang), "", f"{W['distribution']} ({W[cf.method]})"]
    out.append(f"{'':<32}{label('claimed', lang):>18}{W['key']:>10}{W['distributed']:>18}{W['advance_share']:>24}"
               f"{label('balance', lang):>18}")
    for m in cf.members:
        key = "" if m.member.key is None else str(m.member.key).replace(".", ",")
        out.append(f"{m.member.cpas[:31]:<32}{eur(m.figures.claimed):>18}{key:>10}{eur(m.distributed):>18}"
                   f"{eur(m.advance_share):>24}{eur(m.distributed - m.advance_share):>18}")
    out.append(f"{W['total']:<32}{eur(f.claimed):>18}{'':>10}{eur(sum(m.distributed for m in cf.members)):>18}"
               f"{eur(sum(m.advance_share for m in cf.members)):>24}{eur(f.balance):>18}")
    out += ["", W["members_title"]]
    for m in cf.members:
        out += ["", "-" * 72, summary_text(m.figures, lang)]
    return "\n".join(out)


def _refused(args, problems, warnings, lang: str) -> int:
    """The inputs have problems: list them all (JSON on stdout, or text on stderr), exit 1."""
    if args.json:
        import json
        print(json.dumps({"problems": [p.to_dict() for p in problems],
                          "warnings": [w.to_dict() for w in warnings]}, ensure_ascii=False, indent=2))
    else:
        print(_problems_text(problems, lang, "problems"), file=sys.stderr)
        if warnings:
            print(_problems_text(warnings, lang, "warnings"), file=sys.stderr)
    return EXIT_PROBLEMS


def _shown(args, to_json, text, warnings, lang: str) -> None:
    """The report: JSON on stdout, or the summary text and its warnings."""
    if args.json:
        print(to_json())
        return
    print(text())
    if warnings:
        print()
        print(_problems_text(warnings, lang, "warnings"))


def _cmd_report_cluster(args, path: Path, lang: str) -> int:
    from .cluster import cluster_report, load_cluster
    cl = load_cluster(path, internal=getattr(args, "internal", False))
    if cl.problems:
        return _refused(args, cl.problems, cl.warnings, lang)
    cf = cluster_report(cl)
    _shown(args, cf.to_json, lambda: cluster_text(cf, lang), cf.figures.warnings, lang)
    if not args.no_xlsx or args.pdf:
        return _write_cluster_workbook(args, cf, lang)
    return EXIT_OK


def _write_cluster_workbook(args, cf, lang: str) -> int:
    from ._libreoffice import LibreOfficeError
    from .export.cluster import export_cluster
    stream = sys.stderr if args.json else sys.stdout
    try:
        paths = export_cluster(cf, Path(args.out or "outputs"), args.lang or lang, force=args.force, pdf=args.pdf)
    except (ValueError, OSError, LibreOfficeError) as exc:
        print(f"{label('xl_not_written', lang)}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL if isinstance(exc, LibreOfficeError) else EXIT_USAGE
    for p in paths:
        print(f"{label('xl_written', lang)}: {p}", file=stream)
    return EXIT_OK


def cmd_report(args) -> int:
    inputs_path = Path(args.inputs) if args.inputs else default_inputs()
    lang = args.lang if args.lang in ("fr", "nl") else default_lang()
    from .cluster import is_cluster
    if is_cluster(inputs_path):
        return _cmd_report_cluster(args, inputs_path, lang)
    with collector_paused():
        inputs = load(inputs_path, internal=getattr(args, "internal", False))
        figures = None if inputs.problems else report(inputs)
    if inputs.problems:
        return _refused(args, inputs.problems, inputs.warnings, lang)
    _shown(args, figures.to_json, lambda: summary_text(figures, lang), figures.warnings, lang)
    if not args.no_xlsx or args.pdf:
        return _write_justification(args, figures, inputs, lang)
    return EXIT_OK


def _write_justification(args, figures, inputs, lang: str) -> int:
    """The justification workbook(s) in ``--out`` (default outputs/); with ``--json``
    stdout holds only the JSON, so the paths go to stderr."""
    from ._libreoffice import LibreOfficeError
    from .export import export
    stream = sys.stderr if args.json else sys.stdout
    notes: list = []
    try:
        paths = export(figures, inputs, Path(args.out or "outputs"), args.lang or lang, force=args.force,
                       pdf=args.pdf, xlsx=not args.no_xlsx, notes=notes)
    except (ValueError, OSError, LibreOfficeError) as exc:
        print(f"{label('xl_not_written', lang)}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL if isinstance(exc, LibreOfficeError) else EXIT_USAGE
    if not args.json:
        print()
    for code, path in notes:
        print(label(f"xl_{code}", lang).format(path=path), file=stream)
    unchanged = {p for code, p in notes if code == "unchanged"}
    for p in paths:
        if p not in unchanged:
            print(f"{label('xl_written', lang)}: {p}", file=stream)
    return EXIT_OK


def cmd_template(args) -> int:
    from .template import write_template
    langs = ("fr", "nl") if args.lang == "all" else (args.lang or default_lang(),)
    for lang in langs:
        out = Path(args.out) if args.out and len(langs) == 1 else Path(args.out or "outputs") / f"activsoc-input-{lang}.xlsx"
        if out.suffix.lower() != ".xlsx":
            out = out / f"activsoc-input-{lang}.xlsx"
        if getattr(args, "cluster", False):  # issue 11: the cluster's one-workbook form
            out = out.with_name(out.name.replace("activsoc-input-", "activsoc-input-cluster-"))
        print(write_template(out, lang, cluster=getattr(args, "cluster", False)))
    return EXIT_OK


def cmd_generate(args) -> int:
    from .generate import generate, total_rows
    out = Path(args.out)
    shipped = default_inputs().parent.resolve()
    if shipped == out.resolve() or shipped in out.resolve().parents:  # nothing in inputs/ is ever written
        print("Refusé : on n'écrit jamais dans inputs/ / Geweigerd: er wordt nooit in inputs/ geschreven",
              file=sys.stderr)
        return EXIT_USAGE
    counts = generate(args.size, args.seed, out)
    n = sum(1 for c in counts.values() if set(c) - {"convention"})  # a cluster: its members, not its top folder
    print(f"{out}: {n} CPAS, {total_rows(counts)} rows")
    return EXIT_OK


def cmd_consolidate(args) -> int:
    """Many CPAS to one table plus totals (issue 11 item 4): 0 when every CPAS was read without
    problem, 1 when some had problems (listed, left out of the totals; the others are still counted)."""
    from .consolidate import WORDS, consolidate, export as export_consolidation
    lang = args.lang if args.lang in ("fr", "nl") else default_lang()
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing and len(missing) == len(args.inputs):
        print(f"{WORDS['fr']['no_input']} / {WORDS['nl']['no_input']}: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    c = consolidate(args.inputs, workers=args.workers, progress=not args.quiet and sys.stderr.isatty())
    if args.json:
        print(c.to_json())
    else:
        print(c.text(lang))
    if not args.no_xlsx:
        stream = sys.stderr if args.json else sys.stdout
        try:
            paths = export_consolidation(c, Path(args.out or "outputs"), args.lang or lang, inputs=args.inputs)
        except (ValueError, OSError) as exc:
            print(f"{WORDS[lang]['not_written']}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        for p in paths:
            print(f"{WORDS[lang]['written']}: {p}", file=stream)
    return EXIT_PROBLEMS if c.problem_rows else EXIT_OK


def app_command(args) -> tuple[list[str], dict[str, str]]:
    """The Voilà command serving notebooks/03_what_if.ipynb on 127.0.0.1, and its environment
    (the notebook reads ACTIVSOC_INPUTS / ACTIVSOC_LANG / ACTIVSOC_OUTPUTS; it still runs in JupyterLab)."""
    root = Path(__file__).resolve().parents[1]
    nb = next((b / "notebooks" / "03_what_if.ipynb" for b in (Path.cwd(), root)
               if (b / "notebooks" / "03_what_if.ipynb").exists()), root / "notebooks" / "03_what_if.ipynb")
    inputs_path = (Path(args.inputs) if args.inputs else default_inputs()).resolve()
    env = dict(os.environ)
    env[ENV_INPUTS] = str(inputs_path)
    env[ENV_LANG] = args.lang if args.lang in ("fr", "nl") else default_lang()
    env.setdefault(ENV_OUTPUTS, str((Path.cwd() / "outputs").resolve()))
    home = Path(env.get("HOME") or "/nonexistent")
    if not (home.is_dir() and os.access(home, os.W_OK)):  # Voilà needs writable Jupyter dirs (else HTTP 500)
        import tempfile
        tmp = Path(tempfile.mkdtemp(prefix="activsoc-jupyter-"))
        for var in ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
            env.setdefault(var, str(tmp / var.lower()))
    cmd = [sys.executable, "-m", "voila", str(nb), f"--port={args.port}", "--Voila.ip=127.0.0.1",
           "--Voila.port_retries=0"]
    if args.no_browser:
        cmd.append("--no-browser")
    return cmd, env


def cmd_app(args) -> int:
    if args.inputs and not Path(args.inputs).exists():
        print(f"Aucune donnée trouvée à cet endroit / Geen gegevens gevonden op deze plaats: {args.inputs}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        import voila  # noqa: F401
    except ImportError:
        print("Voilà manque / ontbreekt: python3 -m pip install 'activsoc-costs[app]'", file=sys.stderr)
        return EXIT_PROBLEMS
    cmd, env = app_command(args)
    sys.stdout.flush()
    os.execvpe(cmd[0], cmd, env)  # the server replaces this process: Ctrl+C or SIGTERM stop it and its kernels
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="activsoc-costs", description="Justification de la subvention activation "
                                "sociale / verantwoording van de subsidie sociale activering")
    p.add_argument("--version", action="version", version=f"activsoc-costs {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report", help="validate, allocate and summarise (default: the shipped sample)")
    r.add_argument("inputs", nargs="?", help="input workbook (.xlsx) or folder of CSV files")
    r.add_argument("--lang", choices=["fr", "nl", "all"], default=None)
    r.add_argument("--json", action="store_true", help="print the figures as JSON")
    r.add_argument("--no-xlsx", action="store_true", help="do not write the justification spreadsheet")
    r.add_argument("--out", help="folder of the justification spreadsheet (default: outputs/)")
    r.add_argument("--pdf", action="store_true", help="also print the spreadsheet to PDF (LibreOffice)")
    r.add_argument("--force", action="store_true", help="replace an existing spreadsheet of the same name")
    r.add_argument("--internal", action="store_true",
                   help="internal version: keep beneficiaries' real ids (default: keyed pseudonyms; never send it)")
    r.set_defaults(func=cmd_report)
    t = sub.add_parser("template", help="write an empty input workbook")
    t.add_argument("--lang", choices=["fr", "nl", "all"], default=None)
    t.add_argument("--out", help="file or folder (default: outputs/)")
    t.add_argument("--cluster", action="store_true",
                   help="a cluster's workbook: one convention row per member, a CPAS column in every table (issue 11)")
    t.set_defaults(func=cmd_template)
    g = sub.add_parser("generate", help="write fictitious but realistic inputs (benchmarks, issue 6)")
    g.add_argument("--size", choices=["small", "city", "cluster", "national"], default="small")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("out", help="folder to write (national: one sub-folder per CPAS)")
    g.set_defaults(func=cmd_generate)
    c = sub.add_parser("consolidate", help="many CPAS (folders, workbooks, report --json files, or a folder of "
                       "them) to one table per CPAS plus totals (issue 11)")
    c.add_argument("inputs", nargs="+", help="CPAS folders, workbooks, JSON files of report --json, or folders of them")
    c.add_argument("--lang", choices=["fr", "nl", "all"], default=None)
    c.add_argument("--json", action="store_true", help="print the table as JSON (amounts as strings, two decimals)")
    c.add_argument("--out", help="folder of the consolidation workbook (default: outputs/)")
    c.add_argument("--no-xlsx", action="store_true", help="do not write the workbook")
    c.add_argument("--workers", type=int, default=None, help="processes (default: the cores)")
    c.add_argument("--quiet", action="store_true", help="no progress bar")
    c.set_defaults(func=cmd_consolidate)
    a = sub.add_parser("app", help="serve the what-if budget (notebooks/03_what_if.ipynb) with Voilà on 127.0.0.1")
    a.add_argument("inputs", nargs="?", help="input workbook (.xlsx) or folder of CSV files (default: the sample)")
    a.add_argument("--port", type=int, default=8866)
    a.add_argument("--no-browser", action="store_true", help="do not open a browser")
    a.add_argument("--lang", choices=["fr", "nl"], default=None)
    a.set_defaults(func=cmd_app)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0) and EXIT_USAGE
    debug = args.debug or os.environ.get("ACTIVSOC_DEBUG")
    if args.debug:
        os.environ["ACTIVSOC_DEBUG"] = "1"  # the loader re-raises instead of reporting an internal error
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the output was piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # never a traceback for the officer, unless asked
        if debug:
            traceback.print_exc()
        print(f"Erreur interne / interne fout: {type(exc).__name__}: {exc}\n"
              "Relancez avec --debug / herstart met --debug", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
