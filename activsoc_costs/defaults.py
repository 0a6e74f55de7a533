"""defaults: where the inputs, the outputs and the language come from when the
officer gives none.  Shared by the command line (``cli``) and the what-if app
(``app``) and the notebooks, so that ``cli`` and ``app`` never import each other:

- the inputs: the given path, else ``$ACTIVSOC_INPUTS`` (set by ``activsoc-costs app``
  for the notebook Voilà serves), else the shipped sample ``inputs/exempleville-2015``;
- the language: the given one, else ``$ACTIVSOC_LANG``, else ``nl`` when ``$LANG``
  starts with ``nl``, else ``fr``;
- the outputs: ``$ACTIVSOC_OUTPUTS``, else ``outputs/`` of the checkout.

Nothing here reads a file's content.
"""
from __future__ import annotations

import os
from pathlib import Path

ENV_INPUTS, ENV_LANG, ENV_YEAR, ENV_OUTPUTS = "ACTIVSOC_INPUTS", "ACTIVSOC_LANG", "ACTIVSOC_YEAR", "ACTIVSOC_OUTPUTS"
SAMPLE = "exempleville-2015"


def default_inputs() -> Path:
    """The shipped sample: ``inputs/exempleville-2015`` of the checkout."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        p = base / "inputs" / SAMPLE
        if p.exists():
            return p
    return Path("inputs") / SAMPLE


def default_lang() -> str:
    return "nl" if os.environ.get("LANG", "").lower().startswith("nl") else "fr"


def default_outputs() -> Path:
    """``$ACTIVSOC_OUTPUTS``, else ``outputs/`` of the checkout (also when run from ``notebooks/``)."""
    env = os.environ.get(ENV_OUTPUTS)
    if env:
        return Path(env)
    cwd = Path.cwd()
    return (cwd.parent if cwd.name == "notebooks" else cwd) / "outputs"


def resolve_params(inputs=None, lang=None, year=None) -> tuple[Path, str, int | None]:
    """The notebooks' parameters: given values, else the environment set by
    ``activsoc-costs app`` (``ACTIVSOC_INPUTS``, ``ACTIVSOC_LANG``, ``ACTIVSOC_YEAR``), else the sample."""
    inputs = inputs or os.environ.get(ENV_INPUTS) or default_inputs()
    p = Path(inputs)
    if not p.is_absolute() and not p.exists() and Path.cwd().name == "notebooks" and (Path.cwd().parent / p).exists():
        p = Path.cwd().parent / p
    lang = (lang or os.environ.get(ENV_LANG) or default_lang()).lower()
    lang = lang if lang in ("fr", "nl") else "fr"
    y = year or os.environ.get(ENV_YEAR) or None
    return p, lang, int(y) if y else None
