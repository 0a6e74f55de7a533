"""jsonout: the report's JSON text, fast and byte for byte the standard library's.

Owns one function, ``dumps``: ``json.dumps(obj, ensure_ascii=False, indent=2,
default=str)``, written by orjson when it is installed (about 30 x faster on a city's
23 MB report) and by the standard library otherwise.  Both give the same bytes (tested:
``tests/unit/test_json_orjson_same_bytes.py``): dates, datetimes and dataclasses go through
``str`` as with ``json``; what orjson refuses (an integer beyond 64 bits, a non-string key)
falls back to ``json``.  Floats are the one difference (``1e-05`` / ``1e-5``, ``NaN`` /
``null``): the report holds none (money is text in cents' two decimals, shares are exact
fractions as text), and a scan for them would cost more than orjson's whole write.
"""
from __future__ import annotations

import json

try:  # optional: pip install orjson (in the package's dependencies; the library works without it)
    import orjson
except ImportError:  # pragma: no cover - exercised by the test through ``use_orjson=False``
    orjson = None

_OPTIONS = 0
if orjson is not None:
    _OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def dumps(obj, *, use_orjson: bool = True) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2, default=str)``, through orjson when present."""
    if use_orjson and orjson is not None:
        try:
            return orjson.dumps(obj, default=str, option=_OPTIONS).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass  # e.g. an int beyond 64 bits: the standard library writes it
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


