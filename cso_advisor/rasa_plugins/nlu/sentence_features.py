"""Sentence embeddings as DIET features: what a message means, beside the words it uses.

The same all-MiniLM-L6-v2 model the knowledge search ranks answers with (cso_advisor.core.embeddings) gives each message
one dense sentence vector. DIET's word and character counts learn the training examples' wording; the embedding
lets it recognise a dialogue act said in words the examples never used ("How do senior leaders stay current?"
is not a greeting). The role's other names are written as CSO first, as the search does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from cso_advisor.core import embeddings, wording
from cso_advisor.core.embeddings import default_encoder
from cso_advisor.core.wording import canonical


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):  # type: ignore[misc]
    """Adds one sentence feature per message: its L2-normalised embedding (384 numbers)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(execution_context.node_name, config)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """The model and the code that word and embed each message: Rasa's training cache keys on this, so a change
        to either trains DIET again instead of restoring it with features it was not trained on."""
        sources = [Path(embeddings.__file__), Path(wording.__file__), Path(__file__)]
        texts = [embeddings.MODEL_SHA256, *(source.read_text(encoding="utf-8") for source in sources)]
        return hashlib.sha256("".join(texts).encode("utf-8")).hexdigest()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure but the featurizer's alias."""

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [message for message in messages if message.get(TEXT)]
        vectors = default_encoder().encode([canonical(message.get(TEXT)) for message in with_text])
        for message, vector in zip(with_text, vectors, strict=True):
            message.add_features(
                Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT, self._config[FEATURIZER_CLASS_ALIAS])
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
