"""Guardrails: scope, prompt injection and personal data."""

from rag.guardrails.injection import InjectionScan, sanitize_catalog_text, scan_message
from rag.guardrails.scope import REFUSALS, Scope, ScopeDecision, classify_scope
from rag.pii import contains_pii, redact

__all__ = [
    "REFUSALS",
    "InjectionScan",
    "Scope",
    "ScopeDecision",
    "classify_scope",
    "contains_pii",
    "redact",
    "sanitize_catalog_text",
    "scan_message",
]
