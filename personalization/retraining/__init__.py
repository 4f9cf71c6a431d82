"""Gated retraining's rules and record: ``registry`` (model versions, which one is live,
promote and roll back) and ``gate`` (the promotion rule: a candidate beats the live model on
the golden set by a margin).

The fine-tuning run itself (triplets and catalog pairs, the training loops, candidate vs live
on the golden set) is offline work in :mod:`rag.offline.retraining`.
"""
