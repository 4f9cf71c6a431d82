"""A real :class:`AppServices` over the tiny catalog (tests/data): the embedded
index with the fake embedder, the extractive composer, conversations in memory
and the interaction store in a SQLite file, for the app and API tests.

``from tests.app_fixtures import make_app_services``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.app_services import AppServices, build_app_services
from rag.records import Product
from rag.settings import Settings


def make_app_services(
    folder: Path,
    products: Sequence[Product],
    embedder: Any,
    *,
    store_url: str | None = None,
    **overrides: Any,
) -> AppServices:
    """Index ``products`` under ``folder`` and build the services over it.

    ``overrides`` are settings (e.g. ``api_key="..."``); the defaults make the
    small index answer: relevance thresholds for the fake embedder and a
    strong personalization weight, so one purchase visibly moves a product.
    """
    from personalization.personalizer import StorePersonalizer
    from personalization.reorder import ReorderConfig
    from personalization.store import open_store
    from rag.chain import ShoppingAssistant, Steps
    from rag.conversation import InMemoryConversationStore
    from rag.engines import LanceDBEngine
    from rag.generation.answer import Answerer
    from rag.generation.llm import ChatModelChoice
    from rag.indexing.documents import DocumentBuilder
    from rag.indexing.ingest import sync_products
    from rag.retrieval import HybridRetriever
    from rag.understanding import QueryParser, UnderstandingRetriever, Vocabulary
    from rag.wiring import SearchServices

    url = store_url or f"sqlite:///{(folder / 'interactions.sqlite').as_posix()}"
    values: dict[str, Any] = {
        "index_dir": folder / "index",
        "sessions_dir": folder / "sessions",
        "store_url": url,
        "embedding_model": "fake",
        "llm_provider": "extractive",
        "relevance_none_below": 0.0,
        "relevance_weak_below": 0.5,
        "personalization_weight": 0.5,
        "hyde_mode": "off",
        "identity_key_file": folder / "identity.key",
        **overrides,
    }
    settings = Settings(**values)
    engine = LanceDBEngine(settings.index_dir)
    if not engine.health().ok:
        sync_products(products, engine, embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    retriever = HybridRetriever(engine, embedder)
    understanding = UnderstandingRetriever(QueryParser(Vocabulary.from_products(products)), retriever)
    search = SearchServices(settings, engine, embedder, retriever, understanding)
    store = open_store(url)
    steps = Steps(
        engine=engine,
        understanding=understanding,
        answerer=Answerer(ChatModelChoice(None, "extractive", "no LLM in tests")),
        conversations=InMemoryConversationStore(),
        personalizer=StorePersonalizer(
            store, ReorderConfig(weight=settings.personalization_weight), half_life_days=settings.personalization_half_life_days
        ),
        brand_vocabulary=frozenset(p.brand for p in products),
        relevance_none_below=settings.relevance_none_below,
        relevance_weak_below=settings.relevance_weak_below,
    )
    return build_app_services(settings, search=search, assistant=ShoppingAssistant(steps), store=store)


class LiveServer:
    """A real uvicorn server for ``app`` on a free loopback port, in a thread.

    ``with LiveServer(app) as server: httpx.get(server.url + "/healthz")``.
    """

    def __init__(self, app: Any, *, startup_timeout_s: float = 30.0) -> None:
        import socket
        import threading

        import uvicorn

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True)
        self._timeout = startup_timeout_s

    def __enter__(self) -> LiveServer:
        import time

        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=15)
        self._socket.close()


def parse_sse(text: str) -> list[tuple[str, Any]]:
    """Server-sent events as (event, JSON data) pairs, in order."""
    import json

    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        events.append((name, json.loads("\n".join(data)) if data else None))
    return events
