"""Rasa's SpacyEntityExtractor, reporting the knowledge base id of each entity as its value.

The stock extractor reports the matched text ("Certified Information Security Manager"); the
entity ruler built by cso_advisor/rasa_plugins/nlu/build.py already knows the canonical id ("cism"), so this one
reports that. Some names belong to two kinds of thing ("risk management" is a skill and a
responsibility area); the ruler can tag a span only once, so the intent decides between them.
"""

from __future__ import annotations

import functools
from typing import Any, cast

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from cso_advisor.rasa_plugins.nlu.build import META_KEY

Readings = dict[str, list[tuple[str, str]]]  # lowercased name -> every (entity, id) it can mean


@functools.lru_cache(maxsize=4)
def _readings(nlp: Language) -> Readings:
    readings: Readings = {}
    for pattern in cast(EntityRuler, nlp.get_pipe("entity_ruler")).patterns:
        if isinstance(pattern["pattern"], str):
            readings.setdefault(pattern["pattern"], []).append((str(pattern["label"]), str(pattern["id"])))
    return readings


def knowledge_entities(nlp: Language, doc: Doc, intent: str | None) -> list[dict[str, Any]]:
    """Every entity of the doc with its knowledge base id; a shared name takes the intent's reading."""
    expected = nlp.meta.get(META_KEY, {}).get("entity_of_intent", {}).get(intent or "")
    entities = []
    for span in doc.ents:
        entity, value = span.label_, span.ent_id_ or span.text
        for label, entry_id in _readings(nlp).get(span.text.lower(), []):
            if label == expected:
                entity, value = label, entry_id
        entities.append(
            {"entity": entity, "value": value, "start": span.start_char, "end": span.end_char, "confidence": None}
        )
    return entities


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP")
class KnowledgeEntityExtractor(SpacyEntityExtractor):  # type: ignore[misc]
    """Place it after the intent classifier, so the intent can settle shared names."""

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            doc = model.model(message.get(TEXT))  # original case; the tokenizer's doc may be lowercased
            extracted = self.filter_irrelevant_entities(
                self.add_extractor_name(knowledge_entities(model.model, doc, intent)), self._config["dimensions"]
            )
            message.set(ENTITIES, message.get(ENTITIES, []) + extracted, add_to_output=True)
        return messages
