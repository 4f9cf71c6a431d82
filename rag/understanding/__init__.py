"""Query understanding: constraints in a message become filters (rules first)."""

from rag.understanding.constraints import Constraint, ParsedQuery, QueryParser
from rag.understanding.relax import UnderstandingRetriever, UnderstoodResult, merge_filters
from rag.understanding.vocabulary import Vocabulary

__all__ = [
    "Constraint",
    "ParsedQuery",
    "QueryParser",
    "UnderstandingRetriever",
    "UnderstoodResult",
    "Vocabulary",
    "merge_filters",
]
