"""Two per-message costs of Rasa 3.6, removed without changing what Rasa does (profiled in docs/deploy.md).

- Each action server reply is checked with `jsonschema.validate`, which first re-checks the constant
  response schema itself: a third of the server's CPU time. The schema is now checked once.
- Reading a conversation looks up the class of every stored event by scanning all `Event` subclasses.
  The classes found are now remembered.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event


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


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
