"""The embedding model: pinned, loaded from the installed package with no network, and meaningful."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from cso_advisor.core.embeddings import DIMENSIONS, ModelFileError, SentenceEncoder, Vectors, default_encoder
from tests.support.paths import PROJECT_DIR


def test_sentences_become_unit_vectors_and_paraphrases_sit_closer_than_other_subjects() -> None:
    vectors = default_encoder().encode(
        ["what do chief security officers get paid?", "how much does a CSO earn?", "how do I bake sourdough bread?"]
    )

    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_no_sentences_give_no_rows() -> None:
    assert default_encoder().encode([]).shape == (0, DIMENSIONS)


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    impostor = tmp_path / "model.onnx"
    impostor.write_bytes(b"not the model")

    with pytest.raises(ModelFileError, match="not the pinned"):
        SentenceEncoder(model=impostor)


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_the_model_loads_and_runs_with_the_network_cut_off() -> None:
    probe = (
        "import socket\n"
        "try:\n    socket.create_connection(('pypi.org', 443), timeout=3)\nexcept OSError:\n    pass\n"
        "else:\n    raise SystemExit('the network is up')\n"
        "from cso_advisor.core.embeddings import SentenceEncoder\n"
        "print(SentenceEncoder().encode(['how do I become a CSO?']).shape)\n"
    )
    done = subprocess.run(
        ["unshare", "--net", sys.executable, "-c", probe], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"(1, {DIMENSIONS})"


TEXTS = ["What does a CSO earn?", "How long does it take to become a CSO?"]


def test_knowledge_texts_are_embedded_once_and_read_back_by_the_next_process(tmp_path: Path) -> None:
    first = SentenceEncoder(cache=tmp_path).encode_remembered(TEXTS)
    later = SentenceEncoder(cache=tmp_path)
    later.encode = lambda *_: pytest.fail("embedded again despite the cache")  # type: ignore[method-assign]

    assert np.array_equal(later.encode_remembered(TEXTS), first)
    assert len(list(tmp_path.glob("*.npz"))) == 1


def test_an_edited_knowledge_base_embeds_only_its_new_texts(tmp_path: Path) -> None:
    SentenceEncoder(cache=tmp_path).encode_remembered(TEXTS)
    later = SentenceEncoder(cache=tmp_path)
    embedded: list[str] = []
    encode = later.encode

    def counted(sentences: Sequence[str], batch_size: int = 32) -> Vectors:
        embedded.extend(sentences)
        return encode(sentences, batch_size)

    later.encode = counted  # type: ignore[method-assign]

    vectors = later.encode_remembered([TEXTS[1], "Can someone mentor me?"])

    assert embedded == ["Can someone mentor me?"]
    assert np.allclose(vectors, SentenceEncoder().encode([TEXTS[1], "Can someone mentor me?"]), atol=1e-6)


def test_a_reload_in_the_same_process_keeps_every_text_in_the_cache(tmp_path: Path) -> None:
    encoder = SentenceEncoder(cache=tmp_path)
    encoder.encode_remembered(TEXTS)
    encoder.encode_remembered([*TEXTS, "Can someone mentor me?"])  # the knowledge base edited and reloaded
    later = SentenceEncoder(cache=tmp_path)
    later.encode = lambda *_: pytest.fail("embedded again despite the cache")  # type: ignore[method-assign]

    assert later.encode_remembered([*TEXTS, "Can someone mentor me?"]).shape == (3, DIMENSIONS)


def test_sentences_of_any_length_keep_their_order() -> None:
    encoder = SentenceEncoder()
    sentences = ["A CSO leads security. " * 20, "Pay?", "What certifications does a CSO need?"]

    together = encoder.encode(sentences, batch_size=2)

    assert np.allclose(together, np.vstack([encoder.encode([sentence]) for sentence in sentences]), atol=1e-5)


@pytest.mark.parametrize("content", [b"", b"not an array", np.zeros((1, 3)).tobytes()])
def test_a_damaged_cache_file_is_embedded_again(tmp_path: Path, content: bytes) -> None:
    expected = SentenceEncoder(cache=tmp_path).encode_remembered(TEXTS)
    (cached,) = tmp_path.glob("*.npz")
    cached.write_bytes(content)

    assert np.allclose(SentenceEncoder(cache=tmp_path).encode_remembered(TEXTS), expected, atol=1e-6)


def test_a_cache_that_cannot_be_written_still_embeds(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("")

    assert SentenceEncoder(cache=blocked / "embeddings").encode_remembered(TEXTS).shape == (2, DIMENSIONS)
