"""The web app. ``python app.py`` (or ``shopassist serve``) builds the index on
first run if it is missing, then serves the Gradio app at "/" and the HTTP API
in the same process.

The app is built by :func:`build_app` (``rag/ui/``) from an injected
:class:`rag.app_services.AppServices` facade, so tests build it over a small
index with fake parts; nothing is created at import time. Per-user data lives
in ``gr.State``, never in module globals.
"""

from __future__ import annotations

import logging

from rag.ui import APP_CSS, ICECAT_CREDIT, build_app

__all__ = ["APP_CSS", "ICECAT_CREDIT", "build_app", "main"]

log = logging.getLogger(__name__)


def main(host: str | None = None, port: int | None = None) -> None:
    """Serve the app at "/" and the HTTP API (/api, /docs, /healthz, /metrics) in one process."""
    from rag.api.server import serve
    from rag.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    serve(get_settings(), host=host, port=port)


if __name__ == "__main__":
    main()
