"""The feedback log: one row per answered turn joining the whole trace with
what the shopper did, and the exports analysts and training read.

* ``feedback_frame``: one row per ranking (request id) in a time window,
  with the trace's raw and rewritten query, filters, HyDE text, each leg's
  ranks, rerank scores, boosts, the answer, its citations and validation,
  and the shopper's thumbs and product actions. ``thumbs``/``thumbs_reason``/
  ``thumbs_comment`` summarize the last thumbs on the whole answer;
  ``thumbs_events`` lists every thumbs on the turn in order (on the answer
  or on a product card, whoever gave it, with reason and comment) and
  ``thumbs_up``/``thumbs_down`` count them.
* ``write_frame``: CSV, Parquet or JSON lines through pandas; nested
  values are JSON strings, so every format round-trips to the same frame.
* ``triplets_frame``: (query, positive, hard negative) from purchases,
  carts, clicks and thumbs: the negative is a product shown *above* the
  positive that got no positive action (skip-above), else a thumbs-down
  product, else the next shown product without one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from personalization.events import POSITIVE_KINDS, EventKind
from personalization.profile import as_utc
from personalization.store import AnswerRow, InteractionRow, RankingRow
from rag.records import Product


class ExportFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"

    @classmethod
    def from_str(cls, value: str) -> ExportFormat:
        for member in cls:
            if member.value == value.strip().lower():
                return member
        raise ValueError(f"unknown export format {value!r}; choose one of: {', '.join(m.value for m in cls)}")


FEEDBACK_COLUMNS = (
    "request_id", "created_at", "user_id", "session_id", "variant", "is_demo",
    "message", "query", "filters", "relaxed", "hyde_text", "legs", "fused_top", "rerank", "boosts",
    "shown", "answer", "generator", "citations", "validation", "fallbacks", "timings_ms",
    "thumbs", "thumbs_reason", "thumbs_comment", "thumbs_up", "thumbs_down", "thumbs_events",
    "clicks", "add_to_carts", "purchases", "order_value",
)
JSON_COLUMNS = ("filters", "relaxed", "legs", "fused_top", "rerank", "boosts", "shown", "citations", "validation",
                "fallbacks", "timings_ms", "thumbs_events")
_INT_COLUMNS = ("thumbs_up", "thumbs_down", "clicks", "add_to_carts", "purchases")
THUMBS_KINDS = (EventKind.THUMBS_UP, EventKind.THUMBS_DOWN)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _window(stmt, column, since: datetime | None, until: datetime | None):
    if since is not None:
        stmt = stmt.where(column >= as_utc(since))
    if until is not None:
        stmt = stmt.where(column < as_utc(until))
    return stmt


def feedback_frame(session: Session, *, since: datetime | None = None, until: datetime | None = None,
                   include_demo: bool = True) -> pd.DataFrame:
    stmt = _window(select(RankingRow).order_by(RankingRow.created_at, RankingRow.request_id), RankingRow.created_at, since, until)
    if not include_demo:
        stmt = stmt.where(RankingRow.is_demo.is_(False))
    rankings = session.scalars(stmt).all()
    ids = [r.request_id for r in rankings]
    answers = {a.request_id: a for a in session.scalars(select(AnswerRow).where(AnswerRow.request_id.in_(ids)))} if ids else {}
    events: dict[str, list[InteractionRow]] = {}
    if ids:
        for row in session.scalars(select(InteractionRow).where(InteractionRow.request_id.in_(ids)).order_by(InteractionRow.id)):
            events.setdefault(row.request_id, []).append(row)
    rows = []
    for r in rankings:
        trace: Mapping[str, object] = r.trace or {}
        answer = answers.get(r.request_id)
        acts = events.get(r.request_id, [])
        every_thumb = [e for e in acts if e.kind in THUMBS_KINDS]
        answer_thumbs = [e for e in every_thumb if not e.product_id]
        last_thumb = answer_thumbs[-1] if answer_thumbs else None
        rows.append({
            "request_id": r.request_id,
            "created_at": as_utc(r.created_at).isoformat(timespec="milliseconds"),
            "user_id": r.user_id or "",
            "session_id": r.session_id or "",
            "variant": r.variant or "",
            "is_demo": bool(r.is_demo),
            "message": r.message or "",
            "query": r.query or "",
            "filters": _dumps(trace.get("filters") or {}),
            "relaxed": _dumps(trace.get("relaxed") or []),
            "hyde_text": trace.get("hyde_text") or "",
            "legs": _dumps({leg["name"]: leg["product_ids"][:20] for leg in trace.get("legs") or []}),
            "fused_top": _dumps([pid for pid, _ in (trace.get("fused") or [])][:20]),
            "rerank": _dumps((trace.get("rerank") or {}).get("scores") or {}),
            "boosts": _dumps(list(trace.get("boosts") or [])),
            "shown": _dumps([i["product_id"] for i in r.items or []]),
            "answer": answer.text if answer else "",
            "generator": answer.generator if answer else "",
            "citations": _dumps(answer.citations if answer else {}),
            "validation": _dumps(answer.validation if answer else {}),
            "fallbacks": _dumps(list(trace.get("fallbacks") or [])),
            "timings_ms": _dumps(trace.get("timings_ms") or {}),
            "thumbs": ("up" if last_thumb.kind == EventKind.THUMBS_UP else "down") if last_thumb else "",
            "thumbs_reason": (last_thumb.reason or "") if last_thumb else "",
            "thumbs_comment": (last_thumb.comment or "") if last_thumb else "",
            "thumbs_up": sum(e.kind == EventKind.THUMBS_UP for e in every_thumb),
            "thumbs_down": sum(e.kind == EventKind.THUMBS_DOWN for e in every_thumb),
            "thumbs_events": _dumps([_thumb(e) for e in every_thumb]),
            "clicks": sum(e.kind == EventKind.CLICK for e in acts),
            "add_to_carts": sum(e.kind == EventKind.ADD_TO_CART for e in acts),
            "purchases": sum(e.kind == EventKind.PURCHASE for e in acts),
            "order_value": float(sum(e.value or 0.0 for e in acts if e.kind == EventKind.PURCHASE)),
        })
    return pd.DataFrame(rows, columns=list(FEEDBACK_COLUMNS)).astype(
        {**dict.fromkeys(_INT_COLUMNS, "int64"), "order_value": "float64", "is_demo": "bool"}
    )


def _thumb(event: InteractionRow) -> dict[str, object]:
    return {
        "thumbs": "up" if event.kind == EventKind.THUMBS_UP else "down",
        "product_id": event.product_id or "",
        "user_id": event.user_id or "",
        "reason": event.reason or "",
        "comment": event.comment or "",
        "at": as_utc(event.created_at).isoformat(timespec="milliseconds"),
    }


# A spreadsheet runs a CSV cell starting with one of these as a formula (OWASP "CSV injection"); shopper
# text (queries, comments, reasons) lands in these exports, so such cells get a leading apostrophe.
# A cell that already starts with an apostrophe gets one too, so read_frame can undo it exactly.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _escape_cell(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _unescape_cell(value: object) -> object:
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def write_frame(frame: pd.DataFrame, path: Path, fmt: ExportFormat) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.CSV:
        text = frame.select_dtypes(include="object").columns
        frame.assign(**{c: frame[c].map(_escape_cell) for c in text}).to_csv(path, index=False)
    elif fmt is ExportFormat.PARQUET:
        frame.to_parquet(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    return path


def read_frame(path: Path, fmt: ExportFormat) -> pd.DataFrame:
    """Read an export back (what an analyst does); string columns stay strings."""
    if fmt is ExportFormat.CSV:
        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
        return frame.map(_unescape_cell).pipe(_restore_types)
    if fmt is ExportFormat.PARQUET:
        return pd.read_parquet(path)
    return pd.read_json(path, orient="records", lines=True, dtype=False).pipe(_restore_types)


def _restore_types(frame: pd.DataFrame) -> pd.DataFrame:
    types = {**dict.fromkeys(_INT_COLUMNS, "int64"), "order_value": "float64"}
    out = frame.copy()
    for column, kind in types.items():
        if column in out:
            out[column] = out[column].astype(kind)
    if "is_demo" in out:
        out["is_demo"] = out["is_demo"].map(lambda v: v if isinstance(v, bool) else str(v) == "True").astype(bool)
    for column in out.columns:
        if column not in types and column != "is_demo":
            out[column] = out[column].astype(str)
    return out


# -- training triplets --------------------------------------------------------------------------------


TRIPLET_COLUMNS = ("query", "positive_id", "positive_text", "negative_id", "negative_text", "source", "request_id", "user_id")


def product_text(product: Product) -> str:
    return " ".join(part for part in (product.title, product.brand, product.category or "") if part)


def triplets_frame(
    session: Session,
    lookup: Callable[[Sequence[str]], Mapping[str, Product]],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> pd.DataFrame:
    stmt = _window(select(InteractionRow).where(InteractionRow.request_id.is_not(None), InteractionRow.product_id.is_not(None))
                   .order_by(InteractionRow.id), InteractionRow.created_at, since, until)
    events = session.scalars(stmt).all()
    by_request: dict[str, list[InteractionRow]] = {}
    for e in events:
        by_request.setdefault(e.request_id, []).append(e)
    rankings = {r.request_id: r for r in session.scalars(select(RankingRow).where(RankingRow.request_id.in_(list(by_request))))}
    raw: list[dict[str, str]] = []
    for request_id, acts in by_request.items():
        ranking = rankings.get(request_id)
        if ranking is None or not (ranking.query or ranking.message):
            continue
        shown = [i["product_id"] for i in ranking.items or []]
        positives = list(dict.fromkeys(e.product_id for e in acts if EventKind(e.kind) in POSITIVE_KINDS))
        disliked = [e.product_id for e in acts if e.kind == EventKind.THUMBS_DOWN and e.product_id not in positives]
        strongest = {p: max((e for e in acts if e.product_id == p and EventKind(e.kind) in POSITIVE_KINDS),
                            key=lambda e: ("click", "thumbs_up", "add_to_cart", "purchase").index(e.kind)).kind for p in positives}
        for pos in positives:
            above = [p for p in shown[: shown.index(pos)] if p not in positives] if pos in shown else []
            below = [p for p in shown if p not in positives and p != pos and p not in above]
            if above:
                neg, how = above[-1], "skip-above"
            elif disliked:
                neg, how = disliked[0], "thumbs-down"
            elif below:
                neg, how = below[0], "shown-not-chosen"
            else:
                continue
            raw.append({"query": ranking.query or ranking.message, "positive_id": pos, "negative_id": neg,
                        "source": f"{strongest[pos]}/{how}", "request_id": request_id, "user_id": ranking.user_id or ""})
    products = lookup(sorted({t["positive_id"] for t in raw} | {t["negative_id"] for t in raw})) if raw else {}
    rows = []
    for t in raw:
        pos, neg = products.get(t["positive_id"]), products.get(t["negative_id"])
        if pos is None or neg is None:
            continue  # a product no longer in the catalog
        rows.append({**t, "positive_text": product_text(pos), "negative_text": product_text(neg)})
    return pd.DataFrame(rows, columns=list(TRIPLET_COLUMNS))
