"""Indexing: what text and vectors represent a product, and incremental ingest."""

from rag.indexing.documents import DocumentBuilder
from rag.indexing.ingest import IndexRecipe, IngestResult, ingest, sync_products

__all__ = ["DocumentBuilder", "IndexRecipe", "IngestResult", "ingest", "sync_products"]
