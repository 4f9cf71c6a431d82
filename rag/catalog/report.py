"""What happened while loading a catalog: counts, reasons, examples, coverage.

Skipped rows and notes are counted by reason so that a bad catalog is visible
at a glance (``to_markdown``) and machine-checkable (``to_dict``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

MAX_EXAMPLES = 20
MAX_MESSAGE = 160
TOP_CATEGORIES = 15


class SkipReason(StrEnum):
    """Why a row did not become a product."""

    NOT_AN_OBJECT = "not_an_object"  # incl. a .jsonl line that is not JSON
    MISSING_ID = "missing_id"
    MISSING_TITLE = "missing_title"
    MALFORMED_PRICE = "malformed_price"
    DUPLICATE_ID = "duplicate_id"
    UNREADABLE_FILE = "unreadable_file"  # counts files, not rows


class Note(StrEnum):
    """Something imperfect about a row that was still accepted."""

    PRICE_UNKNOWN = "price_unknown"  # missing, null or 0: price=None
    BAD_DATE = "bad_date"  # date_released present but unparseable: released=None
    BRAND_UNKNOWN = "brand_unknown"
    BAD_IMAGE_URL = "bad_image_url"  # a non-http(s) or non-string image field, left out
    BAD_ATTRIBUTE = "bad_attribute"  # an attr_* value of the wrong type, left out
    NO_CATEGORY = "no_category"


@dataclass(frozen=True, slots=True)
class IngestExample:
    """One row behind a count, to find it in the source."""

    source: str
    row_number: int
    product_id: str | None
    message: str

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "row_number": self.row_number,
            "product_id": self.product_id,
            "message": self.message,
        }


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class IngestReport:
    """The outcome of one ``load_catalog`` call.

    ``rows_seen == accepted + sum(skipped[r] for every row reason)``;
    ``skipped["unreadable_file"]`` counts whole files whose rows were never seen.
    ``examples`` holds up to ``MAX_EXAMPLES`` rows per skip reason and per note.
    ``category_coverage`` is the share of accepted products with a category.
    """

    source: str
    files: tuple[str, ...]
    rows_seen: int
    accepted: int
    skipped: Mapping[str, int] = field(default_factory=dict)
    notes: Mapping[str, int] = field(default_factory=dict)
    examples: Mapping[str, tuple[IngestExample, ...]] = field(default_factory=dict)
    category_coverage: float = 0.0
    top_categories: tuple[tuple[str, int], ...] = ()
    duration_s: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "skipped", _frozen(self.skipped))
        object.__setattr__(self, "notes", _frozen(self.notes))
        object.__setattr__(self, "examples", _frozen(self.examples))
        object.__setattr__(self, "files", tuple(self.files))
        object.__setattr__(self, "top_categories", tuple(self.top_categories))

    @property
    def skipped_total(self) -> int:
        """Rows skipped (unreadable files are not rows and are left out)."""
        return sum(n for reason, n in self.skipped.items() if reason != SkipReason.UNREADABLE_FILE)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (plain dicts, lists, strings and numbers)."""
        return {
            "source": self.source,
            "files": list(self.files),
            "rows_seen": self.rows_seen,
            "accepted": self.accepted,
            "skipped": dict(self.skipped),
            "notes": dict(self.notes),
            "examples": {k: [e.to_dict() for e in v] for k, v in self.examples.items()},
            "category_coverage": round(self.category_coverage, 4),
            "top_categories": [[name, count] for name, count in self.top_categories],
            "duration_s": round(self.duration_s, 3),
        }

    def to_markdown(self) -> str:
        """A short human summary: totals, reasons with one example each, top categories."""
        lines = [
            f"## Catalog ingest: {self.source}",
            "",
            f"- files: {len(self.files)}; rows seen: {self.rows_seen:,}; "
            f"accepted: {self.accepted:,}; skipped: {self.skipped_total:,}"
            f" ({self.duration_s:.1f} s)",
            f"- category coverage: {self.category_coverage:.1%} of accepted products",
        ]
        for title, counts in (("Skipped", self.skipped), ("Notes", self.notes)):
            if not counts:
                continue
            lines += ["", f"### {title}", ""]
            for reason, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                example = next(iter(self.examples.get(reason, ())), None)
                where = (
                    f" — e.g. {example.source} row {example.row_number}"
                    f"{f' (id {example.product_id})' if example.product_id else ''}: {example.message}"
                    if example
                    else ""
                )
                lines.append(f"- `{reason}`: {count:,}{where}")
        if self.top_categories:
            lines += ["", "### Top categories", ""]
            lines += [f"- {name}: {count:,}" for name, count in self.top_categories]
        return "\n".join(lines) + "\n"


@dataclass
class ReportBuilder:
    """Collects counts while loading; ``build`` freezes them into an ``IngestReport``."""

    source: str
    files: list[str] = field(default_factory=list)
    rows_seen: int = 0
    accepted: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[IngestExample]] = field(default_factory=dict)
    categories: Counter[str] = field(default_factory=Counter)

    def _example(self, key: str, example: IngestExample) -> None:
        bucket = self.examples.setdefault(key, [])
        if len(bucket) < MAX_EXAMPLES:
            if len(example.message) > MAX_MESSAGE:
                example = replace(example, message=example.message[: MAX_MESSAGE - 1] + "…")
            bucket.append(example)

    def skip(self, reason: SkipReason, example: IngestExample) -> None:
        self.skipped[reason.value] += 1
        self._example(reason.value, example)

    def note(self, note: Note, example: IngestExample) -> None:
        self.notes[note.value] += 1
        self._example(note.value, example)

    def accept(self, category: str | None) -> None:
        self.accepted += 1
        if category is not None:
            self.categories[category] += 1

    def build(self, *, duration_s: float) -> IngestReport:
        covered = sum(self.categories.values())
        return IngestReport(
            source=self.source,
            files=tuple(self.files),
            rows_seen=self.rows_seen,
            accepted=self.accepted,
            skipped=dict(self.skipped),
            notes=dict(self.notes),
            examples={k: tuple(v) for k, v in self.examples.items()},
            category_coverage=covered / self.accepted if self.accepted else 0.0,
            top_categories=tuple(self.categories.most_common(TOP_CATEGORIES)),
            duration_s=duration_s,
        )
