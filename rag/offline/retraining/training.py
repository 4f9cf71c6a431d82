"""Fine-tuning loops for a candidate reranker or embedder, within a step and time budget.

Both start from the live model (so a candidate is the live model plus what
the feedback taught it) and mix two kinds of examples in every step:

* **feedback triplets** (query, positive, hard negative) from ``shopassist
  export triplets``. A click is a preference, not an absolute grade, so the
  reranker learns them with a pairwise (RankNet) loss, ``softplus(s_neg - s_pos)``;
  the embedder as a contrastive example with the hard negative and in-batch
  negatives (multiple-negatives ranking loss);
* **catalog-derived pairs** (``rag.offline.rerank_training``) replayed beside them,
  BCE on their graded labels for the reranker, (query, positive, negative)
  examples for the embedder: they keep the model from forgetting everything
  the feedback does not cover (a few hundred clicks on a dozen queries would
  otherwise pull the whole model towards those queries).

The loop stops at ``max_steps`` or ``max_seconds``, whichever comes first; the
learning rate warms up over 10% of ``max_steps`` then decays linearly. torch
uses ``threads`` CPU threads (2 on this machine). Progress is a tqdm bar.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rag.offline.rerank_finetune import adamw_with_warmup
from rag.offline.rerank_training import NEGATIVE, Pair
from rag.offline.retraining.data import Triplet
from rag.records import Product


@dataclass(frozen=True, slots=True)
class Budget:
    max_steps: int = 150
    max_seconds: float = 600.0

    def __post_init__(self) -> None:
        if self.max_steps < 1:
            raise ValueError(f"max_steps must be >= 1, got {self.max_steps}")
        if self.max_seconds <= 0:
            raise ValueError(f"max_seconds must be > 0, got {self.max_seconds}")


@dataclass(frozen=True, slots=True)
class Hyper:
    """Per-step batch: ``feedback_batch`` triplets plus ``catalog_batch`` catalog examples."""

    feedback_batch: int = 8
    catalog_batch: int = 16
    learning_rate: float = 2e-5
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    max_length: int = 96
    seed: int = 13
    threads: int = 2
    save_fp16: bool = True
    scale: float = 20.0  # embedder: cosine similarities are multiplied by this before the softmax

    def __post_init__(self) -> None:
        if self.feedback_batch < 0 or self.catalog_batch < 0 or self.feedback_batch + self.catalog_batch == 0:
            raise ValueError("feedback_batch and catalog_batch must be >= 0 and not both 0")
        if not 0 < self.learning_rate < 1:
            raise ValueError(f"learning_rate must be in (0, 1), got {self.learning_rate}")
        if self.max_length < 8:
            raise ValueError(f"max_length must be >= 8 tokens, got {self.max_length}")


@dataclass(frozen=True, slots=True)
class TrainResult:
    steps: int
    stopped_by: str  # "steps" or "time"
    seconds: float
    feedback_examples_seen: int
    catalog_examples_seen: int
    final_loss_ema: float | None
    base_model: str
    output_dir: str
    hyper: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["hyper"] = dict(self.hyper)
        return out


class _Cycle:
    """Endless shuffled passes over a list (a fresh shuffle each pass)."""

    def __init__(self, items: Sequence, rng: random.Random) -> None:
        self.items, self.rng, self.pos = list(items), rng, 0
        self.rng.shuffle(self.items)

    def take(self, n: int) -> list:
        if not self.items or n <= 0:
            return []
        out = []
        while len(out) < n:
            if self.pos >= len(self.items):
                self.rng.shuffle(self.items)
                self.pos = 0
            out.append(self.items[self.pos])
            self.pos += 1
        return out


def _loop(step_fn: Callable[[], tuple[Any, int, int]], net, hyper: Hyper, budget: Budget, desc: str,
          progress: bool) -> tuple[int, str, float, int, int, float | None]:
    """Run ``step_fn`` (returns loss, feedback n, catalog n) under the budget; returns the tallies."""
    import torch

    optim, sched = adamw_with_warmup(net, budget.max_steps, learning_rate=hyper.learning_rate,
                                     weight_decay=hyper.weight_decay, warmup_ratio=hyper.warmup_ratio)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=budget.max_steps, desc=desc, unit="step")
    step, seen_fb, seen_cat, ema, stopped = 0, 0, 0, None, "steps"
    t0 = time.perf_counter()
    net.train()
    while step < budget.max_steps:
        if time.perf_counter() - t0 >= budget.max_seconds:
            stopped = "time"
            break
        loss, n_fb, n_cat = step_fn()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optim.step()
        sched.step()
        optim.zero_grad()
        step += 1
        seen_fb += n_fb
        seen_cat += n_cat
        ema = loss.item() if ema is None else 0.95 * ema + 0.05 * loss.item()
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{ema:.4f}")
    if bar is not None:
        bar.close()
    net.eval()
    return step, stopped, time.perf_counter() - t0, seen_fb, seen_cat, ema


def train_reranker(
    base_model: str,
    triplets: Sequence[Triplet],
    pairs: Sequence[Pair],
    products: Mapping[str, Product],
    output_dir: Path,
    *,
    budget: Budget,
    hyper: Hyper,
    progress: bool = True,
) -> TrainResult:
    """Fine-tune the cross-encoder at ``base_model`` and save the candidate to ``output_dir``."""
    import torch
    from sentence_transformers import CrossEncoder

    from rag.rerank.base import product_text

    if not triplets and not pairs:
        raise ValueError("nothing to train on: no feedback triplets and no catalog pairs")
    torch.manual_seed(hyper.seed)
    torch.set_num_threads(hyper.threads)
    rng = random.Random(hyper.seed)
    model = CrossEncoder(base_model, num_labels=1, max_length=hyper.max_length, device="cpu")
    model.model.float()  # the shipped model is stored in fp16
    net, tok = model.model, model.tokenizer
    fb, cat = _Cycle(triplets, rng), _Cycle(pairs, rng)
    bce = torch.nn.BCEWithLogitsLoss()

    def logits(queries: list[str], ids: list[str]):
        enc = tok(queries, [product_text(products[i]) for i in ids], padding=True, truncation="only_second",
                  max_length=hyper.max_length, return_tensors="pt")
        return net(**enc).logits.view(-1)

    def step():
        batch_fb, batch_cat = fb.take(hyper.feedback_batch), cat.take(hyper.catalog_batch)
        loss = torch.zeros(())
        if batch_fb:
            q = [t.query for t in batch_fb]
            scores = logits(q + q, [t.positive_id for t in batch_fb] + [t.negative_id for t in batch_fb])
            pos, neg = scores[: len(batch_fb)], scores[len(batch_fb):]
            loss = loss + torch.nn.functional.softplus(neg - pos).mean()
        if batch_cat:
            scores = logits([p.query for p in batch_cat], [p.product_id for p in batch_cat])
            loss = loss + bce(scores, torch.tensor([p.label for p in batch_cat], dtype=torch.float32))
        return loss, len(batch_fb), len(batch_cat)

    steps, stopped, seconds, seen_fb, seen_cat, ema = _loop(step, net, hyper, budget, "fine-tuning reranker", progress)
    output_dir.mkdir(parents=True, exist_ok=True)
    if hyper.save_fp16:
        net.half()
    model.save(str(output_dir), safe_serialization=True)
    return TrainResult(steps, stopped, round(seconds, 1), seen_fb, seen_cat,
                       None if ema is None else round(ema, 4), base_model, str(output_dir), asdict(hyper))


def catalog_triplets(pairs: Sequence[Pair], seed: int = 13) -> list[Triplet]:
    """Catalog pairs as (query, positive, negative) for the embedder: each positive (label >= 0.7)
    with one of the same query's negatives, taken in turn."""
    rng = random.Random(seed)
    by_query: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for p in pairs:
        if p.label >= 0.7:
            by_query[p.query][0].append(p.product_id)
        elif p.label == NEGATIVE:
            by_query[p.query][1].append(p.product_id)
    out = []
    for query, (pos, neg) in by_query.items():
        if not pos or not neg:
            continue
        rng.shuffle(neg)
        out += [Triplet(query, p, neg[i % len(neg)], "catalog") for i, p in enumerate(pos)]
    return out


def train_embedder(
    base_model: str,
    triplets: Sequence[Triplet],
    pairs: Sequence[Pair],
    products: Mapping[str, Product],
    output_dir: Path,
    *,
    budget: Budget,
    hyper: Hyper,
    document_text: Callable[[Product], str],
    progress: bool = True,
    catalog: Sequence[Triplet] | None = None,
    negative_ok: Callable[[str, str], bool] | None = None,
) -> TrainResult:
    """Fine-tune the sentence-transformers bi-encoder at ``base_model`` (multiple-negatives
    ranking loss with hard negatives) and save the candidate to ``output_dir``.

    ``document_text`` must be the text the index embeds (``DocumentBuilder.embedded_text``),
    so the candidate learns the same document side it will be evaluated and served on.
    ``catalog`` replaces the triplets made from ``pairs`` (``rag.offline.embedder_queries``
    writes its own); ``negative_ok(query, product_id)`` False keeps that product out of the
    query's in-batch negatives (another row's positive that also answers this query).
    """
    import torch
    from sentence_transformers import SentenceTransformer

    catalog = list(catalog) if catalog is not None else catalog_triplets(pairs, hyper.seed)
    if not triplets and not catalog:
        raise ValueError("nothing to train on: no feedback triplets and no catalog (query, positive, negative)")
    torch.manual_seed(hyper.seed)
    torch.set_num_threads(hyper.threads)
    rng = random.Random(hyper.seed)
    model = SentenceTransformer(base_model, device="cpu")
    model.max_seq_length = hyper.max_length
    fb, cat = _Cycle(triplets, rng), _Cycle(catalog, rng)

    def encode(texts: list[str]):
        features = model.tokenize(texts)
        out = model(dict(features))["sentence_embedding"]
        return torch.nn.functional.normalize(out, dim=-1)

    def step():
        batch_fb, batch_cat = fb.take(hyper.feedback_batch), cat.take(hyper.catalog_batch)
        batch = batch_fb + batch_cat
        q = encode([t.query for t in batch])
        docs = encode([document_text(products[t.positive_id]) for t in batch]
                      + [document_text(products[t.negative_id]) for t in batch])
        scores = q @ docs.T * hyper.scale  # row i: its positive is column i; every other column is a negative
        if negative_ok is not None:
            ids = [t.positive_id for t in batch] + [t.negative_id for t in batch]
            keep = torch.tensor([[j == i or negative_ok(t.query, pid) for j, pid in enumerate(ids)]
                                 for i, t in enumerate(batch)])
            scores = scores.masked_fill(~keep, float("-inf"))
        loss = torch.nn.functional.cross_entropy(scores, torch.arange(len(batch)))
        return loss, len(batch_fb), len(batch_cat)

    steps, stopped, seconds, seen_fb, seen_cat, ema = _loop(step, model, hyper, budget, "fine-tuning embedder", progress)
    output_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(output_dir))
    return TrainResult(steps, stopped, round(seconds, 1), seen_fb, seen_cat,
                       None if ema is None else round(ema, 4), base_model, str(output_dir), asdict(hyper))

