"""The ast.parse guard: in place on an affected CPython, and parsing still works from many threads."""

from __future__ import annotations

import ast
import threading

from rag.interpreter import AFFECTED, guard_ast_parse


def test_the_guard_is_in_place_exactly_where_the_interpreter_needs_it() -> None:
    assert guard_ast_parse() is AFFECTED
    assert bool(getattr(ast.parse, "_shopassist_guarded", False)) is AFFECTED
    assert guard_ast_parse() is AFFECTED  # idempotent: never wrapped twice


def test_parsing_from_many_threads_at_once_gives_the_same_trees() -> None:
    source = "\n".join(f"def f{i}(x):\n    return [y for y in range(x) if y % {i + 2}]" for i in range(200))
    expected = ast.dump(ast.parse(source))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                assert ast.dump(ast.parse(source)) == expected
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
