"""Privacy at the store boundary: one spelling per shopper id, and no personal data in a table.

User ids are NFKC-normalized or refused (invisible, control, bidi and mixed-script look-alike
characters); free text is PII-redacted (:mod:`rag.pii`). The store's row classes call these in
their SQLAlchemy validators, so every writer gets them without having to remember to.
"""

from __future__ import annotations

import functools
import unicodedata

import regex
from sqlalchemy import text
from sqlalchemy.orm import Session

from rag.pii import redact

# -- user ids: one spelling per shopper ----------------------------------------------------------------

MAX_USER_ID_CHARS = 128

#: Scripts a user id's letters are sorted into (Unicode's Script property, via ``regex``); any
#: other letter counts under its own name. Common (digits, punctuation) and Inherited (combining
#: marks) belong to every script.
_SCRIPTS = ("Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Devanagari", "Bengali",
            "Tamil", "Thai", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo", "Cherokee", "Coptic")
_SCRIPT_PATTERNS = tuple((name, regex.compile(rf"\p{{Script={name}}}")) for name in _SCRIPTS)
_SHARED = regex.compile(r"[\p{Script=Common}\p{Script=Inherited}]")
#: Unicode TS #39's "highly restrictive" profile: one script, or Latin with these East Asian sets.
_ALLOWED_MIXES = (frozenset({"Latin", "Han", "Hiragana", "Katakana"}), frozenset({"Latin", "Han", "Bopomofo"}),
                  frozenset({"Latin", "Han", "Hangul"}))
#: Invisible or layout-changing characters: controls (Cc), format characters (Cf: zero-width,
#: bidi overrides and isolates, the BOM, soft hyphen), surrogates, private use, unassigned, and
#: separators (spaces, line and paragraph separators).
_REFUSED_CATEGORIES = {"Cc": "a control character", "Cf": "an invisible format character",
                       "Cs": "a surrogate", "Co": "a private-use character", "Cn": "an unassigned code point",
                       "Zs": "a space", "Zl": "a line separator", "Zp": "a paragraph separator"}


def _scripts(text: str) -> set[str]:
    found: set[str] = set()
    for char in text:
        if not char.isalpha() or _SHARED.match(char):
            continue
        name = next((n for n, pattern in _SCRIPT_PATTERNS if pattern.match(char)), None)
        found.add(name or unicodedata.name(char, "unknown").split()[0].title())
    return found


def normalize_user_id(user_id: str) -> str:
    """The one spelling of a user id, or a ValueError that names what is wrong.

    NFKC folds compatibility forms (fullwidth letters, ligatures, Roman numerals) into
    their plain spelling and composes accents; outer whitespace is stripped. Refused: an
    empty or over-long id, any invisible or layout-changing character (zero-width, bidi,
    control, soft hyphen, spaces inside), and letters from scripts that do not go together
    (a Cyrillic "а" in a Latin id), so that look-alike ids cannot become separate shoppers.
    """
    if not isinstance(user_id, str):
        raise ValueError(f"user id must be text, got {type(user_id).__name__}")
    return _normalized(user_id)


@functools.lru_cache(maxsize=16_384)
def _normalized(user_id: str) -> str:
    """:func:`normalize_user_id` of a string, remembered: each write asks for its shopper's id
    several times (the request, the batch's locks, the row's validator), and the script check
    walks every character (5% of a feedback write's CPU). A refusal raises and is not kept."""
    cleaned = unicodedata.normalize("NFKC", user_id).strip()
    if not cleaned or len(cleaned) > MAX_USER_ID_CHARS:
        raise ValueError(f"user id {user_id!r} must be 1-{MAX_USER_ID_CHARS} characters after normalization "
                         f"(got {len(cleaned)}) with no spaces")
    for char in cleaned:
        what = _REFUSED_CATEGORIES.get(unicodedata.category(char))
        if what is not None:
            raise ValueError(f"user id {user_id!r} contains {what} (U+{ord(char):04X} "
                             f"{unicodedata.name(char, 'unnamed')}); use visible characters only, no spaces")
    scripts = _scripts(cleaned)
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in _ALLOWED_MIXES):
        raise ValueError(f"user id {user_id!r} mixes letters of the {', '.join(sorted(scripts))} scripts, as "
                         "look-alike ids do (a Cyrillic 'а' in a Latin name); use letters of one script")
    return cleaned


def checked_user_id(value: str | None) -> str | None:
    return None if value is None else normalize_user_id(value)


# -- personal data never enters a table ------------------------------------------------------------
# Every free-text column is redacted where the row takes the value (SQLAlchemy validators run on
# the constructor's keywords and on every later assignment), so each caller - the chain's turn log,
# the API's feedback, the app's reason-after-a-thumbs, the CLI, a replay - stores redacted text
# without having to remember to.

#: The trace's free-text entries (the rest are ids, scores and flags).
TRACE_TEXT_KEYS = ("message", "query", "hyde_text", "answer")
#: Trace entries that may quote the shopper anywhere inside (previous turns, parsed text).
TRACE_NESTED_TEXT_KEYS = ("resolution", "parsed")


def redact_text(value: str | None, limit: int | None = None) -> str | None:
    """``value`` with personal data replaced (None stays None), clipped to ``limit`` characters
    (a replacement such as ``[email]`` can be longer than a very short address)."""
    if value is None:
        return None
    cleaned = redact(str(value))
    return cleaned[:limit] if limit is not None else cleaned


def _redact_nested(value: object) -> object:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_nested(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_nested(v) for v in value]
    return value


def redact_trace(trace: dict | None) -> dict:
    """A copy of a ``Trace.to_dict()`` with its free-text entries redacted."""
    out = dict(trace or {})
    for key in TRACE_TEXT_KEYS:
        if isinstance(out.get(key), str):
            out[key] = redact(out[key])
    for key in TRACE_NESTED_TEXT_KEYS:
        if key in out:
            out[key] = _redact_nested(out[key])
    return out


# -- forget-me leaves no copy in the database files ---------------------------------------------
# A DELETE only unlinks rows: SQLite keeps their bytes in freed pages and in the write-ahead log
# until they happen to be reused, so a forgotten shopper's messages could still be read from the
# file. Forget-me deletes with ``secure_delete`` on (SQLite zeroes what it deletes) and then
# checkpoints the log into the file and truncates it. PostgreSQL keeps dead rows until VACUUM
# (autovacuum, or run ``VACUUM`` after a forget where that matters; docs/security.md).


def erase_on_delete(session: Session, on: bool = True) -> None:
    """On SQLite, make this transaction's deletes overwrite the deleted bytes (no-op elsewhere)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}"))


def flush_erased(session: Session) -> bool:
    """On SQLite, copy the write-ahead log into the file and empty it, so the pages that held
    deleted rows exist only in their overwritten form. False when a reader kept it from finishing
    (the next checkpoint completes it); True elsewhere."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return True
    engine = bind.engine if hasattr(bind, "engine") else bind
    raw = engine.raw_connection()  # outside any transaction: a checkpoint inside one cannot finish
    try:
        busy, _, _ = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    return busy == 0
