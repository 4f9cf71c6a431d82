"""OpenSearch engine (scale-out): BM25 + HNSW k-NN through ``opensearch-py``.

Readers always go through an alias (``config.index``), never a concrete
index: a full rebuild writes a new concrete index behind a staging alias and
:meth:`publish_rebuild` moves the live alias in one atomic ``_aliases`` call,
so a reader never sees a half-built index. Request bodies live in
:mod:`rag.engines.opensearch_dsl`; this class owns the client, errors,
retries and the index lifecycle.

Construction touches no network; the client is created on first use.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from rag.engines import opensearch_dsl as dsl
from rag.engines.base import LEXICAL_FIELDS, EngineUnavailable, Health, IndexDocument, SearchEngine
from rag.records import NO_FILTERS, Filters, Hit, Product, product_from_dict

log = logging.getLogger(__name__)

MAX_ID_BYTES = 512  # OpenSearch's limit on a document _id


class OpenSearchError(EngineUnavailable):
    """OpenSearch could not do what was asked (unreachable, 5xx, timeout, rejected)."""


class SearchPipelineRefused(OpenSearchError):
    """The cluster answered but refused the hybrid search pipeline (400): a capability it
    lacks (e.g. weighted RRF before 3.x, no neural-search plugin), not an outage."""


class BulkWriteError(OpenSearchError):
    """Some documents of a bulk request failed; ``failed`` maps product id -> reason."""

    def __init__(self, failed: dict[str, str]) -> None:
        self.failed = dict(failed)
        sample = "; ".join(f"{k}: {v}" for k, v in list(self.failed.items())[:3])
        super().__init__(f"{len(self.failed)} document(s) failed in bulk: {sample}")


@dataclass(frozen=True, slots=True)
class OpenSearchConfig:
    """Connection and index settings (built from :class:`rag.settings.Settings`)."""

    hosts: tuple[str, ...] = ("http://localhost:9200",)
    index: str = "shopassist-products"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    verify_certs: bool = True
    ca_certs: str | None = None
    timeout_s: float = 2.0
    max_retries: int = 1
    pool_maxsize: int = 16
    bulk_chunk: int = 500
    write_retries: int = 3
    write_backoff_s: float = 0.5
    lexical_boosts: tuple[tuple[str, float], ...] = tuple((f, 1.0) for f in LEXICAL_FIELDS)
    lexical_combine: dsl.LexicalCombine = dsl.LexicalCombine.BEST_FIELDS  # best field, as the embedded leg
    layout: dsl.IndexLayout = field(default_factory=dsl.IndexLayout)
    hybrid_mode: dsl.HybridMode = dsl.HybridMode.CLIENT
    hybrid_pipeline: str = "rrf"  # "rrf" (score-ranker, 2.19+) or "normalization"
    # A rebuilt index is force-merged to one segment before it serves: each
    # segment holds its own HNSW graph and BM25 postings, and a query walks
    # every one of them (19,406 products arrive as ~20 segments).
    merge_on_publish: bool = True
    merge_timeout_s: float = 1800.0

    def __post_init__(self) -> None:
        if not self.hosts or not all(h.startswith(("http://", "https://")) for h in self.hosts):
            raise ValueError(f"OpenSearch hosts must be http(s):// URLs, got {list(self.hosts)!r}")
        if not self.index or self.index != self.index.lower() or any(c in self.index for c in ' "*\\<|,>/?'):
            raise ValueError(f"invalid OpenSearch index/alias name {self.index!r}: lower case, no spaces or *\\<|,>/?\"")
        if self.merge_timeout_s <= 0:
            raise ValueError(f"merge_timeout_s must be > 0, got {self.merge_timeout_s}")
        if self.timeout_s <= 0 or self.max_retries < 0 or self.pool_maxsize < 1 or self.bulk_chunk < 1:
            raise ValueError("timeout_s > 0, max_retries >= 0, pool_maxsize >= 1 and bulk_chunk >= 1 are required")
        if (self.username is None) != (self.password is None):
            raise ValueError("set both the OpenSearch username and password, or neither")
        if self.hybrid_pipeline not in ("rrf", "normalization"):
            raise ValueError(f"unknown hybrid pipeline {self.hybrid_pipeline!r}; choose one of: rrf, normalization")

    @property
    def staging_alias(self) -> str:
        return f"{self.index}-staging"

    @property
    def pipeline_name(self) -> str:
        return f"{self.index}-hybrid-{self.hybrid_pipeline}"


def _is_missing_index(exc: Exception) -> bool:
    from opensearchpy.exceptions import NotFoundError

    return isinstance(exc, NotFoundError) and "index_not_found" in str(exc)


class OpenSearchEngine(SearchEngine):
    name = "opensearch"

    def __init__(self, config: OpenSearchConfig, *, name: str = "opensearch") -> None:
        self.config = config
        self.name = name
        self._boosts = dict(config.lexical_boosts)
        self._write_alias = config.index
        self._checked: set[tuple[str, int]] = set()  # (concrete index, dimension) already verified

    # -- client -------------------------------------------------------------
    @cached_property
    def client(self):
        from opensearchpy import OpenSearch

        cfg = self.config
        return OpenSearch(
            hosts=list(cfg.hosts),
            http_auth=(cfg.username, cfg.password) if cfg.username else None,
            verify_certs=cfg.verify_certs,
            ca_certs=cfg.ca_certs,
            ssl_show_warn=cfg.verify_certs,
            timeout=cfg.timeout_s,
            max_retries=cfg.max_retries,
            retry_on_timeout=False,  # a slow cluster is the fallback's job, not a retry's
            pool_maxsize=cfg.pool_maxsize,
        )

    def warm_up(self) -> None:
        """Build the client now (no request is sent), so the first search does
        not pay for importing and configuring it inside its latency budget."""
        _ = self.client

    def _call(self, what: str, fn, *args, **kwargs):
        """Run one client call; any transport or HTTP failure becomes :class:`OpenSearchError`."""
        from opensearchpy.exceptions import OpenSearchException

        try:
            return fn(*args, **kwargs)
        except OpenSearchException as exc:
            raise OpenSearchError(f"OpenSearch {what} failed: {type(exc).__name__}: {exc}") from exc

    def _with_backoff(self, what: str, fn):
        """Writes retry transient failures with exponential backoff; reads do not
        (a slow or failing read is served by the fallback engine instead)."""
        delay = self.config.write_backoff_s
        for attempt in range(self.config.write_retries + 1):
            try:
                return fn()
            except BulkWriteError:
                raise  # per-document rejections are not transient
            except OpenSearchError:
                if attempt == self.config.write_retries:
                    raise
                log.warning("OpenSearch %s failed (attempt %d), retrying in %.1fs", what, attempt + 1, delay)
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    # -- index lifecycle ------------------------------------------------------
    def _alias_indices(self, alias: str) -> list[str]:
        from opensearchpy.exceptions import NotFoundError

        try:
            return sorted(self.client.indices.get_alias(name=alias))
        except NotFoundError:
            return []

    def _ensure_index(self, alias: str, dimension: int) -> None:
        """Create the concrete index behind ``alias`` from the template, if missing.

        The alias is looked up on every write batch (one small request): a
        cluster wiped behind a long-lived process gets its index back from
        the template instead of an auto-created one with dynamic mappings.
        """
        indices = self._call("get alias", self._alias_indices, alias)
        if indices:
            if (indices[0], dimension) in self._checked:
                return
            meta = self._call("get mapping", self.client.indices.get_mapping, index=indices[0])
            stored = next(iter(meta.values()))["mappings"].get("_meta", {}).get("shopassist", {})
            if stored.get("dimension") not in (None, dimension):
                raise ValueError(
                    f"OpenSearch index {indices[0]} holds {stored['dimension']}-d vectors but got {dimension}-d: "
                    "the embedding model changed; rebuild with `shopassist ingest --rebuild`"
                )
            self._checked.add((indices[0], dimension))
            return
        cfg = self.config
        template = dsl.index_template_body(f"{cfg.index}-v*", dimension, cfg.layout)
        self._call("put index template", self.client.indices.put_index_template, name=f"{cfg.index}-template", body=template)
        concrete = f"{cfg.index}-v{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        # Created with its alias in one request: the alias never points at nothing.
        self._call("create index", self.client.indices.create, index=concrete, body={"aliases": {alias: {}}})
        log.info("created OpenSearch index %s behind alias %s", concrete, alias)
        self._checked.add((concrete, dimension))

    def begin_rebuild(self) -> None:
        """Send writes (and the hashes ingest reads) to a fresh index behind the staging alias."""
        self.use_staging()
        self.reset_staging()

    def use_staging(self) -> None:
        """Point writes at the staging alias (no network)."""
        self._write_alias = self.config.staging_alias

    def reset_staging(self) -> None:
        """Drop whatever an earlier, unfinished rebuild left behind the staging alias."""
        cfg = self.config
        for index in self._call("get alias", self._alias_indices, cfg.staging_alias):
            self._call("delete stale staging index", self.client.indices.delete, index=index)

    def publish_rebuild(self) -> None:
        """Point the live alias at the staging index atomically, then drop the old index."""
        cfg = self.config
        staged = self._call("get alias", self._alias_indices, cfg.staging_alias)
        if not staged:
            self._write_alias = cfg.index
            return  # nothing was written (an empty catalog): keep what serves
        old = [i for i in self._call("get alias", self._alias_indices, cfg.index) if i not in staged]
        # Written without a refresh per batch (see _bulk): made searchable here, in one go.
        self._call("refresh", self.client.indices.refresh, index=staged[0], request_timeout=cfg.merge_timeout_s)
        if cfg.merge_on_publish:
            self.force_merge(staged[0])
        body = dsl.alias_swap_actions(cfg.index, old, staged[0], cfg.staging_alias)
        self._call("swap alias", self.client.indices.update_aliases, body=body)
        for index in old:
            self._call("delete old index", self.client.indices.delete, index=index)
        self._write_alias = cfg.index
        log.info("alias %s now serves %s (was %s)", cfg.index, staged[0], old or "nothing")

    def force_merge(self, index: str | None = None) -> bool:
        """Merge ``index`` (default: the live alias) into one segment, then refresh.

        One segment means one HNSW graph to walk and one set of postings per
        query: on the real catalog this halved both legs' server time. It is
        an optimization, so a cluster that refuses or times out is logged and
        the index keeps serving as it is; returns whether it merged.
        """
        target = index or self.config.index
        t0 = time.perf_counter()
        try:
            self._call(
                "force merge",
                self.client.indices.forcemerge,
                index=target,
                max_num_segments=1,
                request_timeout=self.config.merge_timeout_s,
            )
            self._call("refresh", self.client.indices.refresh, index=target)
        except OpenSearchError as exc:
            log.warning("OpenSearch index %s was not force-merged (it serves unmerged): %s", target, exc)
            return False
        log.info("force-merged OpenSearch index %s to one segment in %.1f s", target, time.perf_counter() - t0)
        return True

    @property
    def write_alias(self) -> str:
        return self._write_alias

    # -- writes ---------------------------------------------------------------
    def upsert(self, documents: Sequence[IndexDocument], *, alias: str | None = None) -> None:
        if not documents:
            return
        target = alias or self._write_alias
        # OpenSearch rejects a whole bulk request over one id above 512 bytes;
        # keep such documents out and report them like any per-item failure.
        too_long = {
            d.product.id: f"id is longer than OpenSearch's {MAX_ID_BYTES}-byte limit"
            for d in documents
            if len(d.product.id.encode()) > MAX_ID_BYTES
        }
        good = [d for d in documents if d.product.id not in too_long]
        if good:
            self._with_backoff("create index", lambda: self._ensure_index(target, int(good[0].vectors.shape[1])))
            actions = dsl.bulk_index_actions(target, good)
            try:
                self._with_backoff("bulk upsert", lambda: self._bulk(actions, target))
            except BulkWriteError as exc:
                raise BulkWriteError(exc.failed | too_long) from exc
        if too_long:
            raise BulkWriteError(too_long)

    def delete(self, product_ids: Iterable[str], *, alias: str | None = None) -> int:
        ids = list(dict.fromkeys(product_ids))
        target = alias or self._write_alias
        if not ids or not self._call("get alias", self._alias_indices, target):
            return 0
        return self._with_backoff("bulk delete", lambda: self._bulk(dsl.bulk_delete_actions(target, ids), target))

    def _bulk(self, actions: list[dict[str, object]], target: str) -> int:
        """streaming_bulk with per-item results; returns how many items changed.

        A delete of a missing id (404 "not_found") is not an error. Any other
        failed item is collected and raised as :class:`BulkWriteError` after
        the whole batch was tried, so one bad document never blocks the rest.
        """
        from opensearchpy import helpers
        from opensearchpy.exceptions import OpenSearchException, RequestError

        failed: dict[str, str] = {}
        changed = 0
        try:
            for ok, item in helpers.streaming_bulk(
                self.client,
                actions,
                chunk_size=self.config.bulk_chunk,
                raise_on_error=False,
                raise_on_exception=True,
                max_retries=self.config.write_retries,  # 429s only, with backoff
                initial_backoff=self.config.write_backoff_s,
                # Never let a write auto-create an index named like the alias.
                require_alias=True,
            ):
                (op, result), = item.items()
                if ok:
                    changed += result.get("result") in ("created", "updated", "deleted")
                elif op == "delete" and result.get("status") == 404:
                    continue
                else:
                    failed[str(result.get("_id"))] = str(result.get("error", result.get("status")))
        except RequestError as exc:
            # The whole request was refused as malformed (400): every document
            # in it failed, but the cluster is up. Reported per document so
            # the outbox retries them a few times, then keeps them aside.
            reason = f"bulk request refused: {exc}"
            failed |= {str(a["_id"]): reason for a in actions if str(a["_id"]) not in failed}
        except OpenSearchException as exc:
            raise OpenSearchError(f"OpenSearch bulk failed: {type(exc).__name__}: {exc}") from exc
        # Visible to both legs as soon as upsert/delete returns (the contract).
        # A rebuild's staging index has no readers until it is published
        # (publish_rebuild refreshes it): a refresh per batch there would only
        # cut it into one small segment per batch, to be merged again.
        if target != self.config.staging_alias:
            self._call("refresh", self.client.indices.refresh, index=target)
        if failed:
            raise BulkWriteError(failed)
        return changed

    def finalize(self) -> None:
        if self._call("get alias", self._alias_indices, self._write_alias):
            self._call("refresh", self.client.indices.refresh, index=self._write_alias)

    # -- reads ----------------------------------------------------------------
    def _search(self, what: str, body: dict[str, object], **params) -> list[dict[str, object]]:
        try:
            response = self.client.search(index=self.config.index, body=body, **params)
        except Exception as exc:
            if _is_missing_index(exc):
                return []  # nothing indexed yet: an empty engine is searchable
            from opensearchpy.exceptions import OpenSearchException

            if isinstance(exc, OpenSearchException):
                raise OpenSearchError(f"OpenSearch {what} failed: {type(exc).__name__}: {exc}") from exc
            raise
        if response.get("timed_out") or response.get("_shards", {}).get("failed"):
            raise OpenSearchError(f"OpenSearch {what} returned partial results: {response.get('_shards')}")
        return response["hits"]["hits"]

    def lexical(self, query: str, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        query = " ".join(query.split())
        if not query or k <= 0:
            return []
        rows = self._search("lexical search", dsl.lexical_body(query, k, self._boosts, filters, self.config.lexical_combine))
        return [
            Hit(product_id=dsl.hit_id(r), score=float(r["_score"]), leg="bm25", rank=i + 1, engine=self.name)
            for i, r in enumerate(rows)
        ]

    def vector(self, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        vec = np.asarray(vector, dtype=np.float32).reshape(-1)
        if k <= 0 or not np.isfinite(vec).all() or not vec.any():
            return []  # OpenSearch rejects a zero vector under cosine
        body = dsl.knn_body(vec, k, self.config.layout.ef_search, filters)
        rows = self._search("k-NN search", body)
        space = self.config.layout.space_type
        return [
            Hit(
                product_id=dsl.hit_id(r),
                score=dsl.similarity_from_score(float(r["_score"]), space),
                leg="dense",
                rank=i + 1,
                engine=self.name,
            )
            for i, r in enumerate(rows)
        ]

    def ensure_search_pipeline(self, weights: Sequence[float], rrf_k: float = 60.0) -> str:
        """Create (or update) the hybrid search pipeline; returns its name.

        Raises :class:`SearchPipelineRefused` when the cluster refuses the
        body (it will keep refusing it: 2.19 has no weighted RRF, a cluster
        without neural-search has no such processors), and
        :class:`OpenSearchError` when it could not answer.
        """
        from opensearchpy.exceptions import RequestError

        if self.config.hybrid_pipeline == "rrf":
            body = dsl.rrf_pipeline_body(weights, rank_constant=round(rrf_k))
        else:
            body = dsl.normalization_pipeline_body(weights)
        name = self.config.pipeline_name
        # PUT /_search/pipeline/<name> (docs: search-plugins/search-pipelines/creating-search-pipeline/)
        try:
            self._call("put search pipeline", self.client.search_pipeline.put, id=name, body=body)
        except OpenSearchError as exc:
            if isinstance(exc.__cause__, RequestError):
                hint = ""
                if self.config.hybrid_pipeline == "rrf" and "parameters" in str(exc.__cause__):
                    hint = (" (weighted RRF needs OpenSearch 3.x: on 2.19 give both legs the same weight, "
                            "or use the normalization pipeline)")
                raise SearchPipelineRefused(f"{exc}{hint}") from exc.__cause__
            raise
        return name

    def hybrid(self, query: str, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        """Server-side fusion: one ``hybrid`` query through the search pipeline.

        Call :meth:`ensure_search_pipeline` once first. Hits carry leg
        ``"hybrid"``; the per-leg ranks stay inside OpenSearch.
        """
        query = " ".join(query.split())
        vec = np.asarray(vector, dtype=np.float32).reshape(-1)
        if not query or k <= 0 or not vec.any():
            return []
        body = dsl.hybrid_body(query, vec, k, self._boosts, self.config.layout.ef_search, filters,
                               self.config.lexical_combine)
        rows = self._search("hybrid search", body, search_pipeline=self.config.pipeline_name)
        return [
            Hit(product_id=dsl.hit_id(r), score=float(r["_score"]), leg="hybrid", rank=i + 1, engine=self.name)
            for i, r in enumerate(rows)
        ]

    def content_hashes(self) -> dict[str, str]:
        from opensearchpy import helpers

        target = self._write_alias
        if not self._call("get alias", self._alias_indices, target):
            return {}
        if target == self.config.staging_alias:  # not refreshed per batch (see _bulk)
            self._call("refresh", self.client.indices.refresh, index=target)
        try:
            rows = helpers.scan(
                self.client,
                index=target,
                query={"query": {"match_all": {}}, "_source": ["content_hash"]},
                size=1000,
                scroll="2m",
            )
            return {r["_id"]: r["_source"].get("content_hash", "") for r in rows}
        except Exception as exc:
            from opensearchpy.exceptions import OpenSearchException

            if isinstance(exc, OpenSearchException):
                raise OpenSearchError(f"OpenSearch scan failed: {type(exc).__name__}: {exc}") from exc
            raise

    def fetch(self, product_ids: Sequence[str]) -> dict[str, Product]:
        ids = list(dict.fromkeys(product_ids))
        if not ids:
            return {}
        try:
            response = self.client.mget(index=self.config.index, body={"ids": ids}, _source_includes=["record"])
        except Exception as exc:
            if _is_missing_index(exc):
                return {}
            from opensearchpy.exceptions import OpenSearchException

            if isinstance(exc, OpenSearchException):
                raise OpenSearchError(f"OpenSearch mget failed: {type(exc).__name__}: {exc}") from exc
            raise
        return {
            d["_id"]: product_from_dict(d["_source"]["record"]) for d in response["docs"] if d.get("found")
        }

    def count(self) -> int:
        if not self._call("get alias", self._alias_indices, self.config.index):
            return 0
        return int(self._call("count", self.client.count, index=self.config.index)["count"])

    def health(self) -> Health:
        try:
            n = self.count()
        except OpenSearchError as exc:
            return Health(ok=False, engine=self.name, products=0, detail=str(exc))
        if n == 0:
            return Health(ok=False, engine=self.name, products=0, detail=f"alias {self.config.index} is empty or missing")
        hosts = [dsl.without_credentials(h) for h in self.config.hosts]
        return Health(ok=True, engine=self.name, products=n, extra={"alias": self.config.index, "hosts": hosts})

