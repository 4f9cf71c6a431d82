"""66 injection conversations against the extractive generator: every answer contains them.

The local LLM is measured by benchmarks/prompt_injection.py when its model is installed (``llm`` extra).
"""

from __future__ import annotations

from rag.app_services import ChatInput
from tests.security.containment import breaches
from tests.security.injections import INJECTIONS


def test_the_set_is_large_and_covers_every_kind() -> None:
    assert len(INJECTIONS) >= 60
    assert {c.category for c in INJECTIONS} == {"override", "role-play", "fake-price", "markup", "multilingual",
                                                "follow-up"}
    assert all(c.canaries for c in INJECTIONS)


def test_the_checker_catches_an_echo() -> None:
    """The rule must be able to fail: the old answer quoted the message ("best matches for “…”")."""
    case = INJECTIONS[0]
    echoed = f"Here are the best matches for \u201c{case.turns[-1]}\u201d: a mouse ($4.00) [1]."
    assert breaches(echoed, [], case)


def test_extractive_answers_contain_every_injection(services) -> None:
    leaked = {}
    for case in INJECTIONS:
        session = None
        for text in case.turns:
            result = services.run_turn(ChatInput(text, session_id=session))
            session = result.trace.session_id
        found = breaches(result.answer, result.products, case)
        if found:
            leaked[case.turns[-1]] = (found, result.answer)
    assert leaked == {}, f"{len(leaked)} of {len(INJECTIONS)} got through: {leaked}"
