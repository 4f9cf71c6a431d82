"""Multi-turn: conversation memory and follow-up resolution."""

from rag.conversation.followups import Intent, Resolved, resolve
from rag.conversation.memory import (
    Conversation,
    ConversationStore,
    InMemoryConversationStore,
    JsonConversationStore,
    Turn,
)

__all__ = [
    "Conversation",
    "ConversationStore",
    "InMemoryConversationStore",
    "Intent",
    "JsonConversationStore",
    "Resolved",
    "Turn",
    "resolve",
]
