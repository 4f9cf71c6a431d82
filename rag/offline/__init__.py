"""Offline work, never on the request path: reranker training (``rerank_training``,
``train_reranker``: ``shopassist train-reranker``), the rerank studies (``rerank_eval``,
``ltr_study``, ``policy_study``) and the gated fine-tune run (``retraining``:
``shopassist finetune``).

These build what they need through :mod:`rag.wiring`; nothing in the runtime
packages imports them (an import-linter contract in pyproject.toml keeps it so).
"""
