"""The personalization stage's interface is the chain's port (:mod:`rag.chain.ports`),
re-exported here for the personalizers that implement it."""

from rag.chain.ports import Boost, NoPersonalization, Personalized, Personalizer

__all__ = ["Boost", "NoPersonalization", "Personalized", "Personalizer"]
