"""/metrics with the engine's circuit breaker, and the API when a part fails:
a chat turn that breaks mid-stream, an engine that is down, a body sent in chunks."""

from __future__ import annotations

from dataclasses import replace

import httpx
from prometheus_client.parser import text_string_to_metric_families

from rag.api.app import create_api
from rag.chain import AnswerChunk
from rag.engines import LanceDBEngine
from rag.metrics import ServiceMetrics
from tests.app_fixtures import LiveServer, parse_sse


def samples(text: str, name: str) -> list:
    return [s for f in text_string_to_metric_families(text) if f.name == name for s in f.samples]


def test_breaker_state_and_fallbacks_are_exported(tmp_path, tiny_products, fake_embedder) -> None:
    from rag.engines.fallback import BreakerConfig, FallbackEngine
    from tests.contracts.engine_contract import make_docs
    from tests.contracts.opensearch_support import closed_port, make_engine

    embedded = LanceDBEngine(tmp_path / "embedded")
    embedded.upsert(make_docs(tiny_products, fake_embedder))
    embedded.finalize()
    primary = make_engine(f"http://127.0.0.1:{closed_port()}", timeout_s=5.0, max_retries=0)
    primary.warm_up()
    engine = FallbackEngine(primary, embedded, breaker=BreakerConfig(failure_threshold=2, reset_after_s=60))
    metrics = ServiceMetrics(engine)
    closed = metrics.render().decode()
    assert {s.labels["state"]: s.value for s in samples(closed, "shopassist_engine_breaker_state")}["closed"] == 1
    for _ in range(3):
        assert engine.lexical("notebook", 5)  # served by the embedded engine
    text = metrics.render().decode()
    states = {s.labels["state"]: s.value for s in samples(text, "shopassist_engine_breaker_state")}
    assert states == {"closed": 0.0, "open": 1.0, "half_open": 0.0}
    served = {s.labels["reason"]: s.value for s in samples(text, "shopassist_engine_fallback") if s.name.endswith("_total")}
    assert served["error"] == 2 and served["circuit_open"] == 1
    assert [s.value for s in samples(text, "shopassist_engine_breaker_opens") if s.name.endswith("_total")] == [1.0]


def test_turn_metrics_count_plans_generators_and_trace_fallbacks(tmp_path, tiny_products, fake_embedder) -> None:
    from rag.app_services import ChatInput
    from tests.app_fixtures import make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    services.run_turn(ChatInput("hp notebook"))
    services.run_turn(ChatInput("write a poem about the sea"))
    text = services.metrics.render().decode()
    plans = {s.labels["plan"]: s.value for s in samples(text, "shopassist_turns") if s.name.endswith("_total")}
    assert plans == {"results": 1.0, "refuse": 1.0}
    # The extractive composer is itself a fallback the trace records ("answer" stage).
    assert any(s.labels["stage"] == "answer" and s.value >= 1 for s in samples(text, "shopassist_fallbacks"))


class BreakingAssistant:
    """The real assistant's interface; the stream breaks after the first words."""

    def __init__(self, real) -> None:
        self.steps = real.steps

    def stream(self, request, config=None):
        yield AnswerChunk("Here are ")
        raise RuntimeError("the model process died")


def test_a_turn_that_breaks_mid_stream_ends_with_an_error_event(tmp_path, tiny_products, fake_embedder) -> None:
    from tests.app_fixtures import make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    broken = replace(services, assistant=BreakingAssistant(services.assistant))
    with LiveServer(create_api(broken)) as live:
        response = httpx.post(live.url + "/api/chat", json={"message": "hp notebook"}, timeout=60)
        events = parse_sse(response.text)
        assert response.status_code == 200
        assert [name for name, _ in events] == ["start", "token", "error"]
        assert "RuntimeError" in events[-1][1]["error"] and events[-1][1]["request_id"] == events[0][1]["request_id"]
        # The server keeps serving.
        assert httpx.post(live.url + "/api/search", json={"query": "notebook"}, timeout=60).status_code == 200


def test_health_is_503_when_the_engine_has_no_index(tmp_path, tiny_products, fake_embedder) -> None:
    from tests.app_fixtures import make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    empty = replace(services, search_services=replace(services.search_services, engine=LanceDBEngine(tmp_path / "none")))
    with LiveServer(create_api(empty)) as live:
        response = httpx.get(live.url + "/healthz", timeout=30)
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["products"] == 0 and "no index" in body["engine"]["detail"]


def test_a_chunked_body_under_the_limit_is_read_whole(tmp_path, tiny_products, fake_embedder) -> None:
    from tests.app_fixtures import make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder, api_max_body_bytes=4096)
    with LiveServer(create_api(services)) as live:
        response = httpx.post(live.url + "/api/search", content=iter([b'{"query": "note', b'book", "k": 2}']),
                              headers={"content-type": "application/json"}, timeout=60)
    assert response.status_code == 200 and len(response.json()["results"]) == 2
