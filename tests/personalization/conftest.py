"""The store's fixtures: every test that takes ``sessions`` or ``store_url`` runs
on SQLite and on PostgreSQL. The PostgreSQL run needs a server URL in
``SHOPASSIST_TEST_POSTGRES_URL`` (``eval "$(deploy/services/start.sh)"`` starts a
throwaway one; CI does) and is skipped, saying so, without one. Each PostgreSQL
test gets its own schema, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from personalization.store import open_store

POSTGRES_URL_ENV = "SHOPASSIST_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV) or None


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty store URL: a SQLite file under tmp_path, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'store.sqlite').as_posix()}"
        return
    base = postgres_base_url()
    if base is None:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_URL_ENV} (deploy/services/start.sh starts one)")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sessions(store_url: str):
    """A fresh, migrated store on each backend."""
    factory = open_store(store_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture(scope="session")
def catalog(tiny_products):
    return {p.id: p for p in tiny_products}
