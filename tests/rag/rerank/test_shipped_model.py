"""The shipped cross-encoder on a tiny real example, and training end to end on the tiny catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.records import FusedHit, Product
from rag.rerank import CrossEncoderReranker

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = sorted(ROOT.glob("models/reranker/*/model.safetensors"))


def _p(pid: str, title: str, category: str) -> Product:
    return Product(id=pid, title=title, brand=title.split()[0], category=category, price=40.0,
                   currency="USD", description="")


@pytest.mark.slow
@pytest.mark.skipif(not SHIPPED, reason="no shipped reranker under models/reranker/")
@pytest.mark.parametrize("quantize", ["none", "int8"])
def test_shipped_model_puts_the_speaker_first(quantize: str) -> None:
    products = {p.id: p for p in [
        _p("toner", "HP 83A toner cartridge Black 1500 pages", "toner cartridge"),
        _p("bag", "Targus Classic 15.6 inch laptop bag Black", "notebook bag"),
        _p("speaker", "JBL Flip 4 Bluetooth portable speaker Blue", "portable speaker"),
    ]}
    hits = [FusedHit(pid, 1.0) for pid in ("toner", "bag", "speaker")]
    rr = CrossEncoderReranker(SHIPPED[-1].parent, fuse_with_first_pass=False, quantize=quantize)
    out = rr.rerank("bluetooth speaker", hits, products, top_n=3)
    assert out[0].product_id == "speaker"
    laptop = rr.rerank("laptop", [FusedHit("bag", 1.0), FusedHit("nb", 0.5)],
                       {**products, "nb": _p("nb", "HP ProBook 450 G5 Notebook 39.6 cm (15.6\")", "notebook")}, 2)
    assert laptop[0].product_id == "nb"


@pytest.mark.slow
def test_training_runs_end_to_end_on_the_tiny_catalog(tmp_path: Path, data_dir: Path) -> None:
    from rag.offline.train_reranker import main

    out = tmp_path / "model"
    rc = main(["--catalog", str(data_dir / "products.json"), "--first-pass", "overlap", "--output", str(out),
               "--max-steps", "2", "--batch-size", "4", "--max-length", "32", "--no-progress"])
    assert rc == 0
    report = json.loads((out / "training_report.json").read_text())
    assert report["training"]["steps"] == 2
    assert report["data"]["pairs"] > 0
    assert (out / "model.safetensors").exists()
    scores = CrossEncoderReranker(out).score_pairs("notebook", [_p("a", "HP notebook", "notebook")])
    assert len(scores) == 1
