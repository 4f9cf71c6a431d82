"""The HTTP API (FastAPI) served in one process with the Gradio app.

``rag.api.app.create_api`` builds it from :class:`rag.app_services.AppServices`;
``rag.server.serve`` runs both. Importing this package imports no web framework.
"""
