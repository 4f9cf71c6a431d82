from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.records import FusedHit, Hit, LegEvidence


def check_deduplicated(leg: str, hits: Sequence[Hit]) -> None:
    seen: set[str] = set()
    for hit in hits:
        if hit.product_id in seen:
            raise ValueError(
                f"leg {leg!r} lists product {hit.product_id!r} twice; deduplicate chunks "
                "to product level before fusion"
            )
        seen.add(hit.product_id)


def evidence(legs: Mapping[str, Sequence[Hit]]) -> dict[str, dict[str, LegEvidence]]:
    """product id -> leg -> (rank, score)."""
    out: dict[str, dict[str, LegEvidence]] = {}
    for leg, hits in legs.items():
        check_deduplicated(leg, hits)
        for position, hit in enumerate(hits, start=1):
            out.setdefault(hit.product_id, {})[leg] = LegEvidence(rank=position, score=hit.score)
    return out


def rank_fused(
    scores: Mapping[str, float], ev: Mapping[str, Mapping[str, LegEvidence]]
) -> list[FusedHit]:
    # Ties break on the best leg rank, then id, so the order is deterministic.
    def key(pid: str) -> tuple[float, int, str]:
        best = min(e.rank for e in ev[pid].values())
        return (-scores[pid], best, pid)

    return [FusedHit(product_id=p, score=scores[p], legs=ev[p]) for p in sorted(scores, key=key)]
