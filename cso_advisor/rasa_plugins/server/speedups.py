"""Costs of Rasa 3.6 removed without changing what Rasa does (profiled in docs/deploy.md).

- Loading the DIET classifier builds its weights by fitting one example, which traces the whole
  training step as a TensorFlow graph that is never used again: most of the start-up and 120 MB.
  The fit now runs eagerly; the weights, then loaded from the model, are the same.
- Each action server reply is checked with `jsonschema.validate`, which first re-checks the constant
  response schema itself: a third of the server's CPU time. The schema is now checked once.
- Reading a conversation looks up the class of every stored event by scanning all `Event` subclasses.
  The classes found are now remembered.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
import tensorflow as tf
from rasa.core.actions.action import RemoteAction
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel


@functools.cache
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """As Rasa's own, with a validator built once: the same errors, with the same hint appended."""
    error = jsonschema.exceptions.best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_scan_event_types = Event.resolve_by_type
_event_types: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """As Rasa's own; each class found is remembered (classes never go away, so a hit stays right)."""
    if type_name in _event_types:
        return _event_types[type_name]
    found: type[Event] | None = _scan_event_types(type_name, default)
    if found is not None and found is not default:
        _event_types[type_name] = found
    return found


_load_tracing = RasaModel.load.__func__


def _load_building_weights_eagerly(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """As Rasa's `RasaModel.load`, with the weight-building fit run eagerly, for DIET only (measured there:
    the same intents and confidences on every message of tests/nlu_test.yml)."""
    if cls is not DIET:
        return _load_tracing(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)  # fmt: skip
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = bool(config.get(RUN_EAGERLY))
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)
    return model


# (class, attribute, replacement), so that tests can apply and undo them one by one.
REPLACEMENTS: list[tuple[type, str, Any]] = [
    (RasaModel, "load", classmethod(_load_building_weights_eagerly)),
    (RemoteAction, "_validate_action_result", _validate_action_result),
    (Event, "resolve_by_type", staticmethod(_resolve_by_type)),
]


def install() -> None:
    for owner, name, replacement in REPLACEMENTS:
        setattr(owner, name, replacement)
