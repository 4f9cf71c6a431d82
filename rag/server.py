"""One process serves both front ends: the HTTP API under /api (plus /healthz,
/metrics, /docs, /openapi.json) and the Gradio app at "/", over one
:class:`AppServices` built once.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

from rag.app_services import AppServices, build_app_services
from rag.settings import Settings

log = logging.getLogger(__name__)


def build_blocks(services: AppServices) -> Any:
    """The Gradio Blocks from ``app.build_app``, called with the services it asks for."""
    from app import build_app

    params = inspect.signature(build_app).parameters
    if "assistant" in params:  # the older factory: (search services, assistant)
        return build_app(services.search_services, services.assistant)
    return build_app(services)


def page_css() -> str | None:
    """The app's CSS (``app.APP_CSS``): Gradio 6 takes a page's CSS when it is mounted or launched."""
    import app

    return getattr(app, "APP_CSS", None)


def create_server_app(settings: Settings, services: AppServices | None = None, *, with_ui: bool = True) -> Any:
    """The FastAPI app with the Gradio app mounted at "/" (API routes match first)."""
    from rag.api.app import create_api

    services = services or build_app_services(settings)
    api = create_api(services)
    if not with_ui:
        return api
    import gradio as gr

    return gr.mount_gradio_app(api, build_blocks(services), path="/", css=page_css())


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Build the index if missing, then serve the app and the API until interrupted."""
    import uvicorn

    from rag.cli import _ensure_index

    _ensure_index(settings)
    services = build_app_services(settings)
    log.info("answers by %s; API docs at /docs", services.generator)
    app = create_server_app(settings, services)
    uvicorn.run(app, host=host or settings.app_host, port=port if port is not None else settings.app_port,
                log_level="info", access_log=False, timeout_graceful_shutdown=10)  # open chat streams end on exit
