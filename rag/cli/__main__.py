"""``python -m rag.cli`` is ``shopassist``."""

import sys

from rag.cli import main

sys.exit(main())
