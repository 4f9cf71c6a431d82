"""The shopping assistant's retrieval-augmented chain (see README.md, "Where each stage lives")."""

from rag.interpreter import guard_ast_parse

guard_ast_parse()  # CPython 3.11.0-3.11.7: concurrent ast.parse can fail (rag/interpreter.py)
