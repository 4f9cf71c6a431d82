"""The Gradio app: chat with cited product cards, shopper profiles, "How I found
these", search and analytics, built by :func:`build_app` from an
:class:`~rag.app_services.AppServices` facade."""

from rag.ui.app import build_app
from rag.ui.cards import ICECAT_CREDIT
from rag.ui.page import APP_CSS

__all__ = ["APP_CSS", "ICECAT_CREDIT", "build_app"]
