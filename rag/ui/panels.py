"""The side panels, rendered from the turn's Trace and the shopper's profile.

* :func:`render_how_found` — "How I found these", for demos: what was read
  from the message, the filters, HyDE, each leg's ranks, fused and rerank
  scores, personalization boosts, each stage's latency and every fallback.
* :func:`render_why_for_you` and :func:`render_profile` — the profile panel.

Pure functions from records to HTML, so they are tested without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from rag.chain.trace import STAGE_ORDER, Trace
from rag.generation.context import short_title
from rag.records import Product

_MUTED = "color:#6b7280;font-size:12px"
_TABLE = "border-collapse:collapse;width:100%;font-size:12px"
_CELL = "padding:3px 6px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top"

#: Timings that measure from an earlier point (not a stage of their own): shown apart, not as bars.
MILESTONES = frozenset({"first_chunk", "llm_first_token", "first_token"})



#: Constraint kinds as the panel says them ("served_brand" is the maker of the device an accessory is for).
_KIND_WORDS = {"served_brand": "for a device by", "memory_gb": "memory", "storage_gb": "storage", "screen_in": "screen",
               "weight_kg": "weight"}

def _esc(value: object) -> str:
    return html.escape(str(value))


def _fmt_filters(filters: Mapping[str, object]) -> str:
    parts = []
    for key, value in filters.items():
        if isinstance(value, list | tuple) and len(value) == 2 and all(v is None or isinstance(v, int | float) for v in value):
            low, high = value
            if low is not None and high is not None:
                text = f"{low:g}–{high:g}"
            elif high is not None:
                text = f"≤ {high:g}"
            else:
                text = f"≥ {low:g}" if low is not None else "any"
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        parts.append(f"<b>{_esc(key)}</b> {_esc(text)}")
    return "; ".join(parts) or "none"


def _name(pid: str, products: Mapping[str, Product]) -> str:
    product = products.get(pid)
    if product is None:
        return f'<span style="{_MUTED}">{_esc(pid)}</span>'
    return f'<span title="{html.escape(product.title, quote=True)}">{_esc(short_title(product.title, 6))}</span>'


def _section(title: str, body: str) -> str:
    return (
        f'<div style="margin:10px 0 4px;font-weight:600;font-size:13px">{_esc(title)}</div>{body}'
    )


def render_timings(timings: Mapping[str, float]) -> str:
    """Each stage's latency as a bar, in funnel order; milestones (first words) on one line."""
    order = {name: i for i, name in enumerate(STAGE_ORDER)}
    stages = sorted((k for k in timings if k not in MILESTONES), key=lambda k: (order.get(k, len(order)), k))
    if not stages and not any(k in timings for k in MILESTONES):
        return f'<div style="{_MUTED}">no timings recorded</div>'
    widest = max((timings[k] for k in stages), default=1.0) or 1.0
    rows = []
    for name in stages:
        ms = float(timings[name])
        width = max(2.0, 100.0 * ms / widest)
        rows.append(
            f'<div class="sa-timing" data-stage="{_esc(name)}" style="display:flex;align-items:center;gap:6px;font-size:12px">'
            f'<span style="width:92px;flex:none">{_esc(name)}</span>'
            f'<span style="flex:1"><span style="display:inline-block;height:8px;border-radius:4px;background:#818cf8;width:{width:.1f}%"></span></span>'
            f'<span style="width:64px;text-align:right;flex:none">{ms:.1f} ms</span></div>'
        )
    marks = [f"{label} {timings[key]:.0f} ms" for key, label in
             (("first_token", "first words after"), ("llm_first_token", "model's first token after"))
             if key in timings]
    if marks:
        rows.append(f'<div style="{_MUTED};margin-top:4px">{_esc(" · ".join(marks))}</div>')
    return "".join(rows)


def render_how_found(trace: Trace | None, products: Mapping[str, Product], *, top: int = 10) -> str:
    """The "How I found these" panel for one turn, read from its trace only.

    ``products`` maps ids to records, for titles; an id without a record is
    shown as its id. ``top`` bounds the ranking table (the shown products
    always appear).
    """
    if trace is None:
        return f'<div style="{_MUTED}">Ask something: this panel then shows how the answer was found.</div>'
    out = []
    head = [f"plan <b>{_esc(trace.plan or '—')}</b>"]
    if trace.intent:
        head.append(f"intent <b>{_esc(trace.intent)}</b>")
    if trace.generator:
        head.append(f"answered by <b>{_esc(trace.generator)}</b>")
    if trace.relevance.get("tier"):
        head.append(f"relevance <b>{_esc(trace.relevance['tier'])}</b>")
    out.append(f'<div style="font-size:13px">{" · ".join(head)}</div>')
    query = f'<div style="font-size:13px">message: <i>{_esc(trace.message)}</i>'
    if trace.query and trace.query != trace.message:
        query += f"<br>searched for: <i>{_esc(trace.query)}</i>"
    out.append(query + "</div>")

    parsed = trace.parsed if isinstance(trace.parsed, Mapping) else {}
    read = ", ".join(f"{_esc(_KIND_WORDS.get(str(c.get('kind')), c.get('kind')))}: <b>{_esc(c.get('text'))}</b>"
                     for c in parsed.get("constraints") or [] if isinstance(c, Mapping))
    body = f'<div style="font-size:12px">read from the message: {read or "nothing"}</div>'
    if kinds := [str(k) for k in parsed.get("need_kinds") or ()]:
        body += f'<div style="font-size:12px">read as a need for: <b>{_esc(", ".join(kinds))}</b></div>'
    for note in parsed.get("notes") or ():  # "not searched for: smartphone", a type word read as part of the story
        body += f'<div style="font-size:12px;color:#6b7280">note: {_esc(str(note))}</div>'
    resolution = trace.resolution if isinstance(trace.resolution, Mapping) else {}
    if note := str(resolution.get("note") or ""):  # how a follow-up was read: "refined the previous search, any brand"
        body += f'<div style="font-size:12px">follow-up: {_esc(note)}</div>'
    if aside := [str(a) for a in resolution.get("set_aside") or ()]:  # a follow-up's reasons, not read as a request
        body += (f'<div style="font-size:12px;color:#6b7280">read as your reasons, not as a request: '
                 f'<i>{_esc("; ".join(aside))}</i></div>')
    if let_go := [str(b) for b in resolution.get("let_go") or ()]:  # brands let go that the searched words still name
        body += f'<div style="font-size:12px;color:#6b7280">let go (not read from the searched words): {_esc(", ".join(let_go))}</div>'
    body += f'<div style="font-size:12px">applied filters: {_fmt_filters(trace.filters)}</div>'
    if trace.relaxed:
        body += f'<div style="font-size:12px;color:#b45309">relaxed (no exact match): {_esc(", ".join(trace.relaxed))}</div>'
    if trace.left_out:
        body += f'<div style="font-size:12px;color:#6b7280">left out (no product of the kind has it): {_esc(", ".join(trace.left_out))}</div>'
    out.append(_section("Understood", body))

    if trace.hyde_text:
        hyde = f'<div style="font-size:12px">used: <i>{_esc(trace.hyde_text)}</i></div>'
    else:
        hyde = f'<div style="{_MUTED}">not used{": " + _esc(trace.hyde_reason) if trace.hyde_reason else ""}</div>'
    out.append(_section("HyDE (hypothetical listing)", hyde))

    out.append(_section("Ranking", _ranking_table(trace, products, top)))
    out.append(_section("Latency per stage", render_timings(trace.timings_ms)))
    if trace.fallbacks:
        items = "".join(f"<li><b>{_esc(f.stage)}</b>: {_esc(f.reason)}</li>" for f in trace.fallbacks)
        out.append(_section("Fallbacks taken", f'<ul style="font-size:12px;margin:0;padding-left:18px;color:#b45309">{items}</ul>'))
    else:
        out.append(_section("Fallbacks taken", f'<div style="{_MUTED}">none</div>'))
    out.append(f'<div style="{_MUTED};margin-top:8px">request {_esc(trace.request_id)}</div>')
    return f'<div class="sa-how-found" data-request-id="{_esc(trace.request_id)}">{"".join(out)}</div>'


def _ranking_table(trace: Trace, products: Mapping[str, Product], top: int) -> str:
    if not trace.fused and not trace.legs:
        return f'<div style="{_MUTED}">no search ran for this turn</div>'
    leg_ranks = {leg.name: {pid: r for r, pid in enumerate(leg.product_ids, start=1)} for leg in trace.legs}
    fused = dict(trace.fused)
    fused_rank = {pid: r for r, (pid, _) in enumerate(trace.fused, start=1)}
    rerank_scores = trace.rerank.get("scores") if isinstance(trace.rerank.get("scores"), Mapping) else {}
    boosts = {b.product_id: b for b in trace.boosts}
    shown_pos = {pid: n for n, pid in enumerate(trace.shown, start=1)}
    ids = list(dict.fromkeys([*trace.shown, *(pid for pid, _ in trace.fused[:top])]))
    legs = list(leg_ranks)
    header = "".join(f'<th style="{_CELL}">{_esc(name)} #</th>' for name in legs)
    rows = []
    for pid in ids:
        shown = shown_pos.get(pid)
        boost = boosts.get(pid)
        boost_cell = "" if boost is None else f'<span title="{html.escape(boost.reason, quote=True)}">{boost.delta:+.3f}</span>'
        cells = "".join(f'<td style="{_CELL}">{leg_ranks[name].get(pid, "—")}</td>' for name in legs)
        score = fused.get(pid)
        rerank = rerank_scores.get(pid) if rerank_scores else None
        rows.append(
            f'<tr data-product-id="{html.escape(pid, quote=True)}">'
            f'<td style="{_CELL}">{f"[{shown}]" if shown else ""}</td>'
            f'<td style="{_CELL}">{_name(pid, products)}</td>{cells}'
            f'<td style="{_CELL}">{fused_rank.get(pid, "—")}</td>'
            f'<td style="{_CELL}">{"—" if score is None else f"{score:.4f}"}</td>'
            f'<td style="{_CELL}">{"—" if rerank is None else f"{float(rerank):.3f}"}</td>'
            f'<td style="{_CELL}">{boost_cell or "—"}</td></tr>'
        )
    rerank_note = ""
    learned = trace.ranking.startswith("ltr:")
    order_name = "learned" if learned else "fused"
    if learned:
        rerank_note = (f'<div style="{_MUTED}">learned order: the learned ranker ({_esc(trace.ranking)}) reordered '
                       "the head of the first pass</div>")
    if trace.rerank:
        applied = trace.rerank.get("applied")
        reason = trace.rerank.get("reason", "")
        rerank_note += f'<div style="{_MUTED}">rerank {"applied" if applied else "skipped"}{": " + _esc(reason) if reason else ""}</div>'
    return (
        f'<table style="{_TABLE}"><thead><tr><th style="{_CELL}">shown</th><th style="{_CELL}">product</th>{header}'
        f'<th style="{_CELL}">{order_name} #</th><th style="{_CELL}">{order_name} score</th><th style="{_CELL}">rerank</th>'
        f'<th style="{_CELL}">boost</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{rerank_note}'
    )


def render_why_for_you(trace: Trace | None, products: Mapping[str, Product]) -> str:
    """"Why this for you": the personalization boosts of the last answer, with their reasons."""
    if trace is None:
        return ""
    if not trace.user_id:
        return f'<div style="{_MUTED}">Pick a shopper to see personalized results.</div>'
    shown = set(trace.shown)
    boosts = sorted((b for b in trace.boosts if b.product_id in shown or not shown), key=lambda b: -abs(b.delta))
    if not boosts:
        return f'<div style="{_MUTED}">No personal boosts in the last answer: the order is the same for everyone.</div>'
    items = []
    for b in boosts[:6]:
        arrow = "▲" if b.delta > 0 else "▼"
        colour = "#047857" if b.delta > 0 else "#b91c1c"
        items.append(
            f'<li style="margin:2px 0"><span style="color:{colour}">{arrow} {b.delta:+.3f}</span> '
            f"{_name(b.product_id, products)} — {_esc(b.reason)}</li>"
        )
    return f'<div style="font-weight:600;font-size:13px">Why these for you</div><ul class="sa-why" style="font-size:12px;margin:4px 0;padding-left:18px">{"".join(items)}</ul>'


def render_profile(user_id: str | None, profile, *, limit: int = 6) -> str:
    """What the assistant has learned about the shopper, each affinity with its evidence."""
    if not user_id:
        return f'<div style="{_MUTED}">Guest: nothing is remembered about you.</div>'
    if profile is None or profile.is_empty:
        return f'<div style="font-size:13px"><b>{_esc(user_id)}</b>: no history yet, so results are not personalized.</div>'
    blocks = [f'<div style="font-size:13px;margin-bottom:4px"><b>{_esc(user_id)}</b></div>']
    labels = {"brand": "Brands", "category": "Categories", "price_band": "Price ranges", "price_tier": "Price side"}
    for kind, label in labels.items():
        rows = sorted(profile.by_kind(kind).values(), key=lambda a: -abs(a.weight))[:limit]
        if not rows:
            continue
        items = []
        for a in rows:
            colour = "#047857" if a.weight > 0 else "#b91c1c"
            pin = f' <span style="{_MUTED}">(set by you)</span>' if a.pinned else ""
            items.append(
                f'<li data-affinity="{_esc(kind)}:{html.escape(a.key, quote=True)}"><b>{_esc(a.key)}</b> '
                f'<span style="color:{colour}">{a.weight:+.2f}</span>{pin} '
                f'<span style="{_MUTED}">{_esc(a.reason())}</span></li>'
            )
        blocks.append(f'<div style="font-size:12px;font-weight:600">{label}</div>'
                      f'<ul style="font-size:12px;margin:2px 0 6px;padding-left:18px">{"".join(items)}</ul>')
    return f'<div class="sa-profile">{"".join(blocks)}</div>'


def render_forget_report(report) -> str:
    removed = sum(report.removed.values())
    left = sum(report.left.values())
    status = "Everything about you is deleted." if report.complete else f"{left} rows could not be deleted."
    return f'<div style="font-size:13px">{_esc(status)} <span style="{_MUTED}">({removed} rows removed, {report.sessions_cleared} conversations cleared)</span></div>'

