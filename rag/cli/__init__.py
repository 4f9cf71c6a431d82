"""``shopassist``: ingest, search, eval, chat, personalization, experiments,
retraining and serve from the command line.

One Typer app: :mod:`rag.cli.commands` holds the catalog and retrieval
commands, and each other module registers its group here. The modules share
:mod:`rag.cli.common` and never import each other.
"""

from __future__ import annotations

import logging
import sys

from rag.cli import chat, experiments, opensearch, personalization, retraining
from rag.cli.commands import app

__all__ = ["app", "main"]

for _module in (chat, opensearch, personalization, experiments, retraining):
    _module.register(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app(prog_name="shopassist")


if __name__ == "__main__":
    sys.exit(main())
