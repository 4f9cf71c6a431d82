"""Multi-turn: conversation memory and follow-up resolution."""

from rag.conversation.followups import Intent, Resolved, resolve
from rag.conversation.memory import (
    Conversation,
    ConversationStore,
    InMemoryConversationStore,
    Turn,
)
from rag.conversation.sql_store import SqlChatHistory, SqlConversationStore, migrate_json_conversations

__all__ = [
    "Conversation",
    "ConversationStore",
    "InMemoryConversationStore",
    "Intent",
    "Resolved",
    "SqlChatHistory",
    "SqlConversationStore",
    "Turn",
    "migrate_json_conversations",
    "resolve",
]
