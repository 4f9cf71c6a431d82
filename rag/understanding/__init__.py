"""Query understanding: constraints in a message become filters (rules first)."""

from rag.catalog.vocabulary import Vocabulary
from rag.understanding.constraints import Constraint, ParsedQuery, QueryParser
from rag.understanding.panel import merge_filters
from rag.understanding.relax import UnderstandingRetriever
from rag.understanding.understood import UnderstoodResult

__all__ = [
    "Constraint",
    "ParsedQuery",
    "QueryParser",
    "UnderstandingRetriever",
    "UnderstoodResult",
    "Vocabulary",
    "merge_filters",
]
