"""Evaluation: judgments, ranking metrics and the per-mode runner."""

from rag.evaluation.judgments import Judgments, load_judgments
from rag.evaluation.metrics import METRIC_KEYS, evaluate_run, percentile

__all__ = ["METRIC_KEYS", "Judgments", "evaluate_run", "load_judgments", "percentile"]
