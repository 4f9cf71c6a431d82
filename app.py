"""``python app.py``: serve the shopping app at "/" and the HTTP API in one process.

A thin script that nothing imports: the index is built on first run if it is
missing (:func:`rag.wiring.ensure_index`), the app and the API are mounted by
:mod:`rag.server`, and the Gradio app itself is built by :func:`rag.ui.build_app`.
"""

from rag.server import main

if __name__ == "__main__":
    main()
