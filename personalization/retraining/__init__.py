"""Gated retraining: fine-tune a candidate reranker or embedder on feedback triplets, compare it with
the live model on the golden set, and promote it through a margin gate into a small model registry.

``registry`` (versions, live, rollback), ``gate`` (the promotion rule), ``data`` (triplets and
catalog pairs), ``training`` (the budgeted fine-tuning loops), ``evaluation`` (candidate vs live),
``finetune`` (the run that wires them).
"""
