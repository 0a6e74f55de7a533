"""Personal data of beneficiaries: detect it in the inputs, keep it out of every output.

The PIIS register holds people on social aid.  Officers often key the register
(and the attendance lists) by the beneficiary's national register number
(numéro de registre national / rijksregisternummer, "NN") or by name.  The
report needs only to tell people apart (R17: one person counts once), so the
loader replaces each beneficiary by a **pseudonymous id**: a keyed hash
(HMAC-SHA256) of the value.  The same person always gets the same id with the
same key, so R17 and the bilans count (R15 line 1) are unchanged, and nobody
without the key can go back from the id to the person.

The key is a random 32-byte secret kept outside ``outputs/``: the file named by
the environment variable ``ACTIVSOC_KEY_FILE``, or
``$XDG_CONFIG_HOME/activsoc-costs/pseudonym.key`` (``~/.config/...``), created
on first use with owner-only permissions.  Keep it to recognise the same
person across years; lose it and the ids change.

An officer who needs the real values (an internal version, never sent to the
administration) asks for it explicitly: ``load(path, internal=True)`` /
``activsoc-costs report --internal``.

A national register number is 11 digits ``YYMMDD NNN CC``: birth date (month
+20 or +40 for a bis number, 00 when unknown), a sequence number and check
digits ``CC = 97 - (YYMMDDNNN mod 97)``; for people born in 2000 or later the
check is computed on ``2YYMMDDNNN``.  Any formatting is recognised
(``85.07.30-033.61``, ``850730 033 61``, ``85073003361``), and a number Excel
stored without its leading zero (born 2000-2009).
"""
from __future__ import annotations

import bisect
import hashlib
import hmac  # noqa: F401  (privacy.hmac: the keyed hash the tests compare with)
import itertools
import os
import re
import secrets
import unicodedata
from pathlib import Path

KEY_ENV = "ACTIVSOC_KEY_FILE"
PSEUDONYM_PREFIX = "ps-"
_SEP = r"[ .\-/]?"
# 11 digits, optionally grouped as Belgians write them; not inside a longer number
NRN_RE = re.compile(r"(?<![0-9])(\d{2})" + _SEP + r"(\d{2})" + _SEP + r"(\d{2})" + _SEP + r"(\d{3})" + _SEP
                    + r"(\d{2})(?![0-9])")
_DIGITS_ONLY = re.compile(r"^\s*(\d{9,11})(?:\.0+)?\s*$")
_SHORT_NUMBER = re.compile(r"^\s*(\d{9,10})(?:\.0+)?\s*$", re.MULTILINE)
_NO_DIGIT_LINE = re.compile(r"^[^\d\n]+$", re.MULTILINE)
_NAME_TOKEN = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.\-])*$")


class KeyError_(Exception):
    """The pseudonymisation key cannot be read or created (never carries personal data)."""

    def __init__(self, code: str, path: Path, detail: str = ""):
        super().__init__(code)
        self.code, self.path, self.detail = code, path, detail


# --------------------------------------------------------------------------- national register numbers

def nrn_valid(digits: str) -> bool:
    """True when ``digits`` (11 digits) is a well-formed national register number:
    a plausible birth date part and a check digit matching, before or after 2000."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    mm, dd = int(digits[2:4]), int(digits[4:6])
    # month 0 (unknown), 1-12, +20 or +40 for a bis number; day 0 (unknown) to 31
    if not (mm <= 12 or 20 <= mm <= 32 or 40 <= mm <= 52) or dd > 31:
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check == 97 - base % 97 or check == 97 - (2_000_000_000 + base) % 97


def find_nrns(text: str) -> list[tuple[int, int, str]]:
    """The national register numbers in ``text``: (start, end, the 11 digits)."""
    out = []
    for m in NRN_RE.finditer(text):
        digits = "".join(m.groups())
        if nrn_valid(digits):
            out.append((m.start(), m.end(), digits))
    return out


def whole_nrn(value) -> str | None:
    """The 11 digits when the whole cell is a national register number (also a
    number Excel stored without its leading zero), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and value == value and value.is_integer()):
        value = str(int(value))
    s = str(value)
    if len(s) < 9:
        return None  # too short to hold 9 digits: most pseudonymous ids ("B000123")
    m = _DIGITS_ONLY.match(s)
    if m:
        d = m.group(1).zfill(11)
        return d if nrn_valid(d) else None
    found = find_nrns(s)
    if len(found) == 1 and not NRN_RE.sub("", s).strip():
        return found[0][2]
    return None


def format_nrn(digits: str) -> str:
    """'85073003328' -> '85.07.30-033.28', the way the Belgian eID card prints it."""
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:]}"


def values_with_nrn(values) -> list:
    """The values (cells) that hold a national register number.  One regex pass
    over all the distinct values joined, so a column of 100 000 distinct ids
    costs milliseconds, not a Python call per value."""
    vals = list(values)
    if not vals:
        return []
    try:  # a CSV column: all text, joined as it is
        joined = "\n".join(vals)
        texts = vals if joined.count("\n") == len(vals) - 1 else None  # else a cell holds a line break
    except TypeError:
        texts = None
    if texts is None:
        texts = []
        for v in vals:
            if isinstance(v, float) and v == v and v.is_integer():
                v = str(int(v))
            t = v if isinstance(v, str) else str(v)
            texts.append(t.replace("\n", " ") if "\n" in t else t)
        joined = "\n".join(texts)
    at = [m.start() for m in NRN_RE.finditer(joined) if nrn_valid("".join(m.groups()))]
    # Excel dropped the leading zero (born 2000-2009)
    # (placed by its digits: ``^\s*`` may start on a blank cell above)
    at += [m.start(1) for m in _SHORT_NUMBER.finditer(joined) if nrn_valid(m.group(1).zfill(11))]
    if not at:
        return []
    starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    hit = {bisect.bisect_right(starts, a) - 1 for a in at}
    return [vals[i] for i in sorted(hit)]


# a national number's 11 digits, or a short number's 9 or 10 (``_SHORT_NUMBER``), are 9 ASCII digits in a
# row once the separators ``NRN_RE`` allows are dropped: read as bytes, digits -> "0", the rest -> " "
_NRN_SEPARATORS = b" .-/"
_DIGITS_AS_ZERO = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))
_ASCII = bytes(range(128))
_ANY_DIGIT = re.compile(r"\d")


def may_hold_nrn(text: str) -> bool:
    """False only when ``text`` cannot hold a national register number (nor a number
    Excel stored without its leading zero) on one of its lines: no 9 digits in a row
    once separators are dropped, no digit outside ASCII.  A few byte passes, no regex
    tried at every character; True sends to the exact scan (``values_with_nrn``)."""
    raw = text.encode("utf-8", "surrogatepass")
    if b"000000000" in raw.translate(_DIGITS_AS_ZERO, _NRN_SEPARATORS):
        return True
    other = raw.translate(None, _ASCII)  # the non-ASCII characters, whole (UTF-8 bytes are >= 128)
    return bool(other) and _ANY_DIGIT.search(other.decode("utf-8", "surrogatepass")) is not None


def values_without_digits(values) -> list:
    """The string values with no digit at all (the only ones that can be names), in one regex pass."""
    texts = [v for v in values if isinstance(v, str) and "\n" not in v]
    if not texts:
        return []
    joined = "\n".join(texts)
    return [m.group(0) for m in _NO_DIGIT_LINE.finditer(joined)]


def has_nrn(value) -> bool:
    return whole_nrn(value) is not None or bool(find_nrns(str(value)))


# --------------------------------------------------------------------------- names

def looks_like_name(value, strict: bool = False) -> bool:
    """Could this cell be a person's name?  In a beneficiary column any value of
    letters only ("Dupont", "Jean Dupont", "DUPONT, Marie") is taken as a name
    (pseudonymous ids carry digits: "B01").  ``strict`` (for other id columns):
    two to five words, each capitalised."""
    if not isinstance(value, str):
        return False
    s = value.strip()
    if not 3 <= len(s) <= 80 or any(ch.isdigit() for ch in s) or "@" in s:
        return False
    tokens = [t for t in re.split(r"[\s,]+", s) if t]
    if not 1 <= len(tokens) <= 5 or not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if sum(ch.isalpha() for ch in s) < 3:
        return False
    if strict:
        return len(tokens) >= 2 and all(t[0].isupper() for t in tokens)
    return True


def name_pattern(names) -> re.Pattern | None:
    """One regex finding any of ``names`` as whole words, any case, any spacing,
    first and last name in either order."""
    alts = set()
    for n in names:
        tokens = [re.escape(t) for t in re.split(r"[\s,]+", n.strip()) if t]
        if not tokens:
            continue
        alts.add(r"[\s,]+".join(tokens))
        if len(tokens) == 2:
            alts.add(r"[\s,]+".join(reversed(tokens)))
    if not alts:
        return None
    # longest first, so "Jean Dupont" is replaced whole before "Dupont"
    body = "|".join(sorted(alts, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)


# --------------------------------------------------------------------------- the key and the pseudonyms

def key_path() -> Path:
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "activsoc-costs" / "pseudonym.key"


_KEY_READ: dict[tuple, bytes] = {}  # the last key read, by its file's identity (consolidate: once, not per CPAS)


def load_key(path: Path | None = None) -> bytes:
    """The secret key, created (owner-only) on first use.  Raises ``KeyError_``.  The same file,
    unchanged (path, working folder, inode, size, modification time), gives the key read before."""
    path = path or key_path()
    try:
        st = os.stat(path)
        seen = (str(path), os.getcwd(), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    except OSError:
        seen = None
    if seen is not None and seen in _KEY_READ:
        return _KEY_READ[seen]
    key = _read_key(path)
    _KEY_READ.clear()
    if seen is not None:
        _KEY_READ[seen] = key
    return key


def _read_key(path: Path) -> bytes:
    resolved = path.resolve()
    if "outputs" in resolved.parts[:-1]:
        # the key would travel with the outputs it protects
        raise KeyError_("key_in_outputs", path)
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
            try:
                os.link(tmp, path)  # atomic, and never replaces a key made meanwhile by another run
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise KeyError_("key_unusable", path, type(exc).__name__) from None
    if len(key) < 16:
        raise KeyError_("key_unusable", path, "too short")
    return key


def canonical(value) -> str:
    """The form that is hashed: a national register number's 11 digits whatever
    its formatting; otherwise the text with case and spacing folded."""
    nrn = whole_nrn(value)
    if nrn:
        return "nrn:" + nrn
    s = unicodedata.normalize("NFKC", str(value)).casefold()
    return "txt:" + " ".join(s.split())


# the pseudonyms already computed in this process, per key: text value -> pseudonym (a keyed hash
# is the same every time, so a person met again, in another CPAS or another run, costs a lookup)
_KNOWN: dict[bytes, dict[str, str]] = {}
MAX_KNOWN = 1_000_000  # bounded memory in a long session


class Pseudonymiser:
    """Keyed pseudonyms, and the scrubbing of text that may name a beneficiary."""

    def __init__(self, key: bytes, names=()):
        self._key = key
        # HMAC-SHA256 (RFC 2104) with its two keyed states made once: each value then costs two
        # copies and two updates (hmac.new redoes the key's blocks for every value)
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._known = _KNOWN.setdefault(key, {})
        if len(self._known) > MAX_KNOWN:
            self._known.clear()
        self.names: set[str] = set()
        self._by_tokens: dict[tuple, str] = {}
        self._pattern: re.Pattern | None = None
        self.add_names(names)

    def add_names(self, names) -> None:
        new = {n.strip() for n in names if isinstance(n, str) and n.strip()}
        if new - self.names:
            self.names |= new
            for n in new:
                self._by_tokens.setdefault(_tokens(n), n)
            self._pattern = name_pattern(self.names)

    def pseudonym(self, value) -> str:
        text = type(value) is str  # other types (1, 1.0, True) may compare equal: hashed each time
        p = self._known.get(value) if text else None
        if p is None:
            p = PSEUDONYM_PREFIX + _letters(self.digest(canonical(value).encode("utf-8")))
            if text:
                self._known[value] = p
        return p

    def pseudonyms(self, values) -> list[str]:
        """``pseudonym`` of each value, a text already met looked up without a call."""
        known = self._known
        return [p if type(v) is str and (p := known.get(v)) is not None else self.pseudonym(v) for v in values]

    def digest(self, message: bytes) -> bytes:
        """HMAC-SHA256 of ``message`` with the key (``hmac.digest(key, message, "sha256")``)."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def scrub(self, text):
        """``text`` with every national register number and every known name
        replaced by its pseudonym; other values unchanged."""
        if text is None or not isinstance(text, str) or not text:
            return text
        if whole_nrn(text):
            return self.pseudonym(text)
        out = text
        if any(ch.isdigit() for ch in out):
            out = NRN_RE.sub(lambda m: self.pseudonym("".join(m.groups())) if nrn_valid("".join(m.groups()))
                             else m.group(0), out)
        if self._pattern is not None:
            out = self._pattern.sub(lambda m: self.pseudonym(self._by_tokens.get(_tokens(m.group(0)), m.group(0))), out)
        return out


# two base-26 digits (the lower first) per entry: a pseudonym's letters six pairs at a time
_PAIRS = [chr(97 + r % 26) + chr(97 + r // 26) for r in range(26 * 26)]


def _letters(digest: bytes) -> str:
    """Letters only (12 of 26: 56 bits, the lowest base-26 digit first): a pseudonym can
    never look like a national number."""
    n, pairs = int.from_bytes(digest[:8], "big"), []
    for _ in range(6):
        n, r = divmod(n, 26 * 26)
        pairs.append(_PAIRS[r])
    return "".join(pairs)


def _tokens(name: str) -> tuple:
    """A name's words, case-folded and sorted: "DUPONT, Jean" and "Jean Dupont" are
    the same person for a note that mentions them (the register's spelling is hashed)."""
    return tuple(sorted(" ".join(name.casefold().replace(",", " ").split()).split()))
