"""The experiment router: each turn goes to the assistant of its user's variant.

The experiment's definition and the assignment of users to variants are in the
core (:mod:`rag.experiments`, re-exported here); :func:`rag.wiring.build_experiment_assistant`
builds one assistant per variant and this router over them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from rag.experiments import (
    OVERRIDABLE,
    Assignment,
    Experiment,
    Variant,
    assignment_unit,
    bucket_point,
)

__all__ = [
    "OVERRIDABLE",
    "Assignment",
    "Experiment",
    "ExperimentAssistant",
    "Variant",
    "assignment_unit",
    "bucket_point",
    "variant_settings",
]


def variant_settings(settings, variant: Variant):
    """``settings`` with ``variant``'s overrides applied (validated like any setting) and no experiment."""
    try:
        return settings.with_overrides(**dict(variant.overrides), experiment=None)
    except ValueError as exc:  # pydantic's ValidationError (a ValueError) names the field and the rule
        raise ValueError(f"variant {variant.name!r} has a bad override: {exc}") from exc


class ExperimentAssistant:
    """Routes each turn to its variant's assistant and marks the trace.

    Looks like a :class:`rag.chain.ShoppingAssistant` to callers (``ask``,
    ``stream``, ``steps``); ``steps`` is the control's.
    """

    def __init__(self, experiment: Experiment, assistants: Mapping[str, Any]) -> None:
        missing = [v.name for v in experiment.variants if v.name not in assistants]
        if missing:
            raise ValueError(f"no assistant for variants {', '.join(missing)}")
        self.experiment = experiment
        self.assistants = dict(assistants)

    @property
    def steps(self):
        return self.assistants[self.experiment.control].steps

    def assign(self, user_id: str | None, session_id: str | None) -> Assignment | None:
        unit = assignment_unit(user_id, session_id)
        if unit is None:
            return None
        return Assignment(self.experiment.name, self.experiment.assign(unit).name, unit)

    def stream(self, request, config=None) -> Iterator[Any]:
        assignment = self.assign(request.user_id, request.session_id)
        assistant = self.assistants[assignment.variant if assignment else self.experiment.control]
        for chunk in assistant.stream(request, config):
            if chunk.result is not None and assignment is not None:
                trace = chunk.result.trace.with_(experiment=assignment.experiment, variant=assignment.variant)
                chunk = replace(chunk, result=replace(chunk.result, trace=trace))
            yield chunk

    def ask(self, request, config=None):
        result = None
        for chunk in self.stream(request, config):
            result = chunk.result or result
        assert result is not None
        return result
