"""DIET's meaning features: one normalised sentence embedding per message, the role's names written as CSO."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from cso_advisor.core import embeddings
from cso_advisor.core.embeddings import Vectors
from cso_advisor.rasa_plugins.nlu.sentence_features import SentenceEmbeddingFeaturizer


def _featurizer() -> SentenceEmbeddingFeaturizer:
    return SentenceEmbeddingFeaturizer("meaning", SentenceEmbeddingFeaturizer.get_default_config())


def _vector(message: Message) -> Vectors:
    (features,) = message.features
    assert features.type == FEATURE_TYPE_SENTENCE
    assert features.attribute == TEXT
    vector: Vectors = np.asarray(features.features, dtype=np.float32)[0]
    return vector


def test_each_message_gets_one_unit_sentence_vector() -> None:
    messages = [Message(data={TEXT: "what does a ciso earn?"}), Message(data={TEXT: "hello there"})]

    _featurizer().process(messages)

    vectors = [_vector(message) for message in messages]
    assert [vector.shape for vector in vectors] == [(384,), (384,)]
    assert np.allclose([np.linalg.norm(vector) for vector in vectors], 1.0, atol=1e-5)


def test_the_roles_other_names_mean_the_same() -> None:
    messages = [Message(data={TEXT: text}) for text in ("what does a CISO earn?", "what does a CSO earn?")]

    _featurizer().process(messages)

    assert np.allclose(_vector(messages[0]), _vector(messages[1]))


def test_training_examples_are_featurised_and_messages_without_text_skipped() -> None:
    data = TrainingData([Message(data={TEXT: "how long does it take?", "intent": "ask_duration"}), Message(data={})])

    _featurizer().process_training_data(data)

    assert len(data.training_examples[0].features) == 1
    assert not data.training_examples[1].features


def test_rasa_trains_diet_again_when_the_wording_or_the_model_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    before = SentenceEmbeddingFeaturizer.fingerprint_addon({})
    monkeypatch.setattr(embeddings, "MODEL_SHA256", "0" * 64)

    assert SentenceEmbeddingFeaturizer.fingerprint_addon({}) != before
