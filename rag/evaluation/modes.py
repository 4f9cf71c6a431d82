"""The named modes of ``shopassist eval`` and ``shopassist judge-pool``, built once.

A mode is a name and a runner (query -> ``RetrievalResult`` of the top
``DEPTH``): the four retrieval modes, query understanding with the product
type off / as a boost / as a filter, the learned ranking of the first pass
(``hybrid+qu+ltr``, the default path), the reranker always or under the ``auto``
policy, and HyDE (which calls an LLM, so it runs only when named). Every mode
but ``hybrid+qu+ltr`` runs with the learned ranking off, so each row measures
its own stage over the same first pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rag.evaluation.runner import (
    Runner,
    hyde_runner,
    reranking_runner,
    retrieval_runner,
    understanding_runner,
)
from rag.retrieval import RetrievalMode
from rag.settings import CategoryMode, HydeMode, RerankPolicy, Settings

#: Understanding variants: (how the parsed product type is used, learned ranking on).
QU_MODES: Mapping[str, tuple[CategoryMode, bool]] = {
    "hybrid+qu": (CategoryMode.OFF, False),
    "hybrid+qu+ltr": (CategoryMode.OFF, True),
    "hybrid+qu+type-boost": (CategoryMode.BOOST, False),
    "hybrid+qu+type-filter": (CategoryMode.FILTER, False),
}
RERANK_MODES: Mapping[str, RerankPolicy] = {
    "hybrid+qu+rerank": RerankPolicy.ALWAYS,
    "hybrid+qu+rerank-auto": RerankPolicy.AUTO,
}
HYDE_MODES: Mapping[str, HydeMode] = {
    "hybrid+qu+hyde-auto": HydeMode.AUTO,
    "hybrid+qu+hyde": HydeMode.ALWAYS,
}
#: What ``shopassist eval`` runs when no ``--mode`` is named: every mode but HyDE.
DEFAULT_MODES: tuple[str, ...] = (*(m.value for m in RetrievalMode), *QU_MODES, *RERANK_MODES)
ALL_MODES: tuple[str, ...] = (*DEFAULT_MODES, *HYDE_MODES)


def parse_modes(names: Sequence[str] | None) -> list[str]:
    """The named modes in the order given (``DEFAULT_MODES`` for none), each
    checked; an unknown name raises ``ValueError`` listing the allowed ones."""
    wanted = list(names or DEFAULT_MODES)
    out: list[str] = []
    for name in wanted:
        if name not in ALL_MODES:
            try:  # spelling variants of the retrieval modes ("hybrid_rrf", "RRF")
                name = RetrievalMode.from_str(name).value
            except ValueError:
                raise ValueError(f"unknown mode {name!r}; choose from: {', '.join(ALL_MODES)}") from None
        if name not in out:
            out.append(name)
    return out


def build_runners(
    settings: Settings,
    services: Any,
    index_dir: Path,
    wanted: Sequence[str],
    warn: Callable[[str], None],
) -> dict[str, Runner]:
    """A runner per wanted mode (from ``parse_modes``), in the canonical order:
    retrieval modes, understanding variants, rerank rows, HyDE rows. A row
    whose model is missing (reranker folder, LLM) is skipped with ``warn``."""
    from rag.wiring import make_reranker, make_understanding

    retriever = services.retriever
    runners: dict[str, Runner] = {}
    plain = settings.with_overrides(learned_ranking=False)
    for mode in RetrievalMode:
        if mode.value in wanted:
            runners[mode.value] = retrieval_runner(retriever, mode)
    for name, (category_mode, learned) in QU_MODES.items():
        if name in wanted:
            variant = _warm(make_understanding(settings.with_overrides(category_mode=category_mode, learned_ranking=learned),
                                               retriever, index_dir))
            runners[name] = understanding_runner(variant, retriever.default_mode)
    rerank_wanted = [name for name in RERANK_MODES if name in wanted]
    if rerank_wanted:
        # A local folder must exist; anything else is a Hugging Face name ("org/model").
        model = Path(settings.reranker_model)
        if model.exists() or not (model.is_absolute() or settings.reranker_model.startswith(".")):
            from rag.rerank.stage import RerankTrigger

            reranker = make_reranker(settings)
            for name in rerank_wanted:
                trigger = RerankTrigger(RERANK_MODES[name], settings.rerank_auto_min_words)
                runners[name] = reranking_runner(
                    _warm(make_understanding(plain, retriever, index_dir)), reranker, services.engine,
                    retriever.default_mode, settings.rerank_top_n, trigger,
                )
        else:
            warn(f"reranker model not found at {settings.reranker_model}: skipping {', '.join(rerank_wanted)}")
    hyde_wanted = [name for name in HYDE_MODES if name in wanted]
    if hyde_wanted:
        from rag.generation.llm import build_chat_model
        from rag.wiring import make_hyde

        choice = build_chat_model(settings)
        if choice.model is None:
            warn(f"HyDE rows need an LLM: {choice.reason}; skipping them")
            return runners
        for name in hyde_wanted:
            expander = make_hyde(settings.with_overrides(hyde_mode=HYDE_MODES[name]), choice, services)
            expander.writer.write("warm up the model")
            runners[name] = hyde_runner(
                _warm(make_understanding(plain, retriever, index_dir)), expander, services.engine,
                retriever.default_mode, settings.relevance_none_below, settings.relevance_weak_below,
            )
    return runners


def _warm(understanding):
    """``understanding`` warmed up as the app warms it at start (``UnderstandingRetriever.warm_up``): the kinds'
    sentences are embedded before any timed query."""
    understanding.warm_up()
    return understanding
