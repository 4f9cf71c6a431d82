"""Demo mode: the banner and the personas only when it is on; the picker acts on the caller otherwise."""

from __future__ import annotations

from dataclasses import replace

from rag.ui import build_app
from rag.ui.controller import Persona


def _html(blocks) -> str:
    return " ".join(str(getattr(b, "value", "")) for b in blocks.blocks.values())


def _picker(blocks) -> list:
    return next(b for b in blocks.blocks.values() if getattr(b, "elem_id", None) == "sa-user").choices


def test_demo_mode_shows_the_banner_and_the_personas(services) -> None:
    personas = [Persona("demo-gamer", "Gamer (demo persona)")]
    demo = build_app(replace(services, settings=services.settings.with_overrides(demo_mode=True)), personas=personas)
    assert "Demo mode: personas are fictional" in _html(demo)
    assert ("Gamer (demo persona)", "demo-gamer") in [tuple(c) for c in _picker(demo)]


def test_without_demo_mode_no_persona_is_offered(services) -> None:
    assert not services.settings.demo_mode
    plain = build_app(services, personas=[Persona("demo-gamer", "Gamer (demo persona)")])
    assert "Demo mode" not in _html(plain)
    assert [value for _, value in _picker(plain)] == ["guest", "me"]
