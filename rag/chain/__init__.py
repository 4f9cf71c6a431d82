"""The chain that wires the funnel, the turn's state and its trace."""

from rag.chain.chain import ShoppingAssistant, build_chain
from rag.chain.state import AnswerChunk, TurnRequest, TurnResult, TurnState
from rag.chain.steps import Steps
from rag.chain.trace import Fallback, LegTrace, Trace

__all__ = [
    "AnswerChunk",
    "Fallback",
    "LegTrace",
    "ShoppingAssistant",
    "Steps",
    "Trace",
    "TurnRequest",
    "TurnResult",
    "TurnState",
    "build_chain",
]
