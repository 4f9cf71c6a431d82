"""One process serves both front ends: the HTTP API under /api (plus /healthz,
/metrics, /docs, /openapi.json) and the Gradio app at "/", over one
:class:`AppServices` built once.

``make run`` (``shopassist serve``, ``python app.py``) ends here. This module
mounts the two front ends; they never import each other.
"""

from __future__ import annotations

import logging
from typing import Any

from rag.app_services import AppServices, build_app_services
from rag.settings import Settings

log = logging.getLogger(__name__)


def build_blocks(services: AppServices) -> Any:
    """The Gradio Blocks of the shopping app over ``services``."""
    from rag.ui import build_app

    return build_app(services)


def page_css() -> str:
    """The app's CSS: Gradio 6 takes a page's CSS when it is mounted or launched."""
    from rag.ui import APP_CSS

    return APP_CSS


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

    from rag.wiring import ensure_index

    ensure_index(settings)
    from rag.api.hardening import slow_client_protocol

    services = build_app_services(settings)
    log.info("answers by %s; API docs at /docs", services.generator)
    if settings.demo_mode:
        from rag.demo_mode import ensure_demo_personas

        loaded = ensure_demo_personas(services)
        log.info("demo mode: personas are fictional (%s)", f"{loaded} loaded" if loaded else "already loaded")
    app = create_server_app(settings, services)
    uvicorn.run(app, host=host or settings.app_host, port=port if port is not None else settings.app_port,
                log_level="info", access_log=False, timeout_graceful_shutdown=10,  # open chat streams end on exit
                http=slow_client_protocol(settings), timeout_keep_alive=settings.http_keep_alive_s,
                h11_max_incomplete_event_size=16 * 1024)  # request line and headers: 16 KiB at most


def main(host: str | None = None, port: int | None = None) -> None:
    """Serve the app at "/" and the HTTP API (/api, /docs, /healthz, /metrics) in one process."""
    from rag.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    serve(get_settings(), host=host, port=port)
