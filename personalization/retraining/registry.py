"""A small model registry: versions with their metrics and training data, and which one is live.

One JSON manifest per registry folder (``settings.registry_dir``, by default
``.shopassist/registry/manifest.json``) holds, per target (``reranker`` or
``embedder``):

* ``versions``: every registered version (id, model path, parent, metrics,
  training-data summary, gate decision, note), never deleted;
* ``live_history``: the versions that were live, oldest first; the last one
  is live. ``promote`` appends, ``rollback`` drops the last, so rollback
  restores exactly the version that was live before.

Writes go to a temporary file that replaces the manifest atomically
(``os.replace``), under an exclusive ``flock`` on ``manifest.lock``, so a
reader never sees half a manifest and two writers cannot lose each other's
version. Model files live beside the manifest in ``<target>/<version>/``
(or anywhere: a version may point at any path or Hugging Face name, e.g. the
shipped reranker registered as the baseline).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

MANIFEST = "manifest.json"
_VERSION = re.compile(r"^[a-z]+-[0-9]{4}$")


class Target(StrEnum):
    """What a fine-tuned version replaces."""

    RERANKER = "reranker"
    EMBEDDER = "embedder"

    @classmethod
    def from_str(cls, value: str) -> Target:
        for member in cls:
            if member.value == value.strip().lower():
                return member
        raise ValueError(f"unknown target {value!r}; choose one of: {', '.join(m.value for m in cls)}")


class RegistryError(ValueError):
    """A registry operation that cannot be done as asked (the message says what instead)."""


def _plain(value: Any) -> Any:
    """Read-only mappings back to dicts (for JSON)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """One registered model. ``model`` is a local folder or a Hugging Face name."""

    version: str
    target: Target
    model: str
    created_at: str
    parent: str | None = None
    metrics: Mapping[str, float] = field(default_factory=dict)
    training: Mapping[str, Any] = field(default_factory=dict)
    gate: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", Target(self.target))
        object.__setattr__(self, "metrics", _frozen(self.metrics))
        object.__setattr__(self, "training", _frozen(self.training))
        object.__setattr__(self, "gate", _frozen(self.gate))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["target"] = self.target.value
        for key in ("metrics", "training", "gate"):
            out[key] = _plain(getattr(self, key))
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelVersion:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True, slots=True)
class TargetState:
    versions: tuple[ModelVersion, ...] = ()
    live_history: tuple[str, ...] = ()

    @property
    def live(self) -> str | None:
        return self.live_history[-1] if self.live_history else None


def _next_id(target: Target, taken: set[str]) -> str:
    used = [int(v.rsplit("-", 1)[1]) for v in taken if _VERSION.match(v)]
    return f"{target.value}-{max(used, default=0) + 1:04d}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ModelRegistry:
    """Reads and edits the manifest in ``root``; every method re-reads it (other processes write too)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def model_dir(self, target: Target, version: str) -> Path:
        """Where a new version's files go (the registry does not create it)."""
        return self.root / Target(target).value / version

    # -- reading --------------------------------------------------------------------------------

    def _read(self) -> dict[str, TargetState]:
        try:
            raw = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError as exc:
            raise RegistryError(f"{self.manifest_path} is not valid JSON ({exc}); fix or move it") from exc
        out = {}
        for name, state in (raw.get("targets") or {}).items():
            target = Target.from_str(name)
            out[target.value] = TargetState(
                tuple(ModelVersion.from_json(v) for v in state.get("versions", [])),
                tuple(state.get("live_history", [])),
            )
        return out

    def state(self, target: Target) -> TargetState:
        return self._read().get(Target(target).value, TargetState())

    def versions(self, target: Target) -> tuple[ModelVersion, ...]:
        return self.state(target).versions

    def get(self, target: Target, version: str) -> ModelVersion:
        for v in self.versions(target):
            if v.version == version:
                return v
        known = ", ".join(v.version for v in self.versions(target)) or "none"
        raise RegistryError(f"no {Target(target).value} version {version!r}; registered: {known}")

    def live(self, target: Target) -> ModelVersion | None:
        """The live version, or None when nothing was ever promoted for ``target``."""
        state = self.state(target)
        return None if state.live is None else self.get(target, state.live)

    # -- writing --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _editing(self) -> Iterator[dict[str, TargetState]]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "manifest.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                states = self._read()
                yield states
                self._write(states)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write(self, states: Mapping[str, TargetState]) -> None:
        payload = {
            "format": 1,
            "targets": {
                name: {"live": s.live, "live_history": list(s.live_history),
                       "versions": [v.to_json() for v in s.versions]}
                for name, s in sorted(states.items())
            },
        }
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".manifest-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, indent=2, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.manifest_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def next_version(self, target: Target) -> str:
        """``reranker-0001``, ``reranker-0002``, …: the next unused id for ``target``."""
        return _next_id(Target(target), {v.version for v in self.versions(target)})

    def register(
        self,
        target: Target,
        model: str,
        *,
        version: str | None = None,
        parent: str | None = None,
        metrics: Mapping[str, float] | None = None,
        training: Mapping[str, Any] | None = None,
        gate: Mapping[str, Any] | None = None,
        note: str = "",
    ) -> ModelVersion:
        """Add a version (not live). Ids are never reused."""
        target = Target(target)
        with self._editing() as states:
            state = states.get(target.value, TargetState())
            taken = {v.version for v in state.versions}
            if version is None:
                version = _next_id(target, taken)
            elif version in taken:
                raise RegistryError(f"{target.value} version {version!r} is already registered")
            if parent is not None and parent not in taken:
                raise RegistryError(f"parent {parent!r} is not a registered {target.value} version")
            record = ModelVersion(version, target, str(model), _now(), parent, metrics or {}, training or {},
                                  gate or {}, note)
            states[target.value] = replace(state, versions=(*state.versions, record))
        return record

    def update(self, target: Target, version: str, **changes: Any) -> ModelVersion:
        """Replace fields of a registered version (e.g. the gate decision once it is known)."""
        target = Target(target)
        allowed = {"metrics", "training", "gate", "note"}
        if set(changes) - allowed:
            raise RegistryError(f"only {sorted(allowed)} can change, not {sorted(set(changes) - allowed)}")
        with self._editing() as states:
            state = states.get(target.value, TargetState())
            versions = list(state.versions)
            for i, v in enumerate(versions):
                if v.version == version:
                    versions[i] = replace(v, **changes)
                    states[target.value] = replace(state, versions=tuple(versions))
                    return versions[i]
        raise RegistryError(f"no {target.value} version {version!r}")

    def promote(self, target: Target, version: str) -> ModelVersion:
        """Make ``version`` live; the one live before stays in the history for rollback."""
        target = Target(target)
        with self._editing() as states:
            state = states.get(target.value, TargetState())
            record = next((v for v in state.versions if v.version == version), None)
            if record is None:
                known = ", ".join(v.version for v in state.versions) or "none"
                raise RegistryError(f"no {target.value} version {version!r}; registered: {known}")
            if state.live == version:
                raise RegistryError(f"{version} is already the live {target.value}")
            states[target.value] = replace(state, live_history=(*state.live_history, version))
        return record

    def rollback(self, target: Target) -> ModelVersion:
        """Put back the version that was live before the current one; returns it."""
        target = Target(target)
        with self._editing() as states:
            state = states.get(target.value, TargetState())
            if len(state.live_history) < 2:
                now = state.live or "nothing"
                raise RegistryError(f"no earlier live {target.value} to roll back to (live: {now})")
            history = state.live_history[:-1]
            states[target.value] = replace(state, live_history=history)
            return next(v for v in state.versions if v.version == history[-1])


SETTING_FOR = {Target.RERANKER: "reranker_model", Target.EMBEDDER: "embedding_model"}


@dataclass(frozen=True, slots=True)
class LiveModel:
    model: str
    source: str  # "setting" (an explicit override), "registry", or "default"
    version: str | None = None


def resolve_model(settings, target: Target) -> LiveModel:
    """The model the services load for ``target``: an explicit setting overrides the registry.

    A setting counts as explicit when it was passed or set through the
    environment (pydantic's ``model_fields_set``), so any Hugging Face name or
    path still works. A live version whose local folder has gone raises,
    naming what to do, rather than serving something else silently.
    """
    setting = SETTING_FOR[Target(target)]
    if setting in settings.model_fields_set:
        return LiveModel(str(getattr(settings, setting)), "setting")
    live = ModelRegistry(settings.registry_dir).live(target)
    if live is None:
        return LiveModel(str(getattr(settings, setting)), "default")
    path = Path(live.model)
    if path.is_absolute() and not path.exists():
        raise RegistryError(
            f"the live {Target(target).value} {live.version} points at {live.model}, which is gone; "
            f"run `shopassist models rollback --target {Target(target).value}` or set SHOPASSIST_{setting.upper()}"
        )
    return LiveModel(live.model, "registry", live.version)
