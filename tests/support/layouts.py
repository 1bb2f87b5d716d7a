"""Server layouts started for a test module or session, and stopped after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from cso_advisor.operations.supervisor import MODEL, ServerError, Supervisor

Layout = TypeVar("Layout", bound=Supervisor)


def running(layout: Layout, start: Callable[[], None]) -> Iterator[Layout]:
    """For a fixture: `layout` started by `start`, stopped afterwards; the test fails if it does not come up."""
    if not MODEL.exists():
        layout.stop_all()
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    try:
        start()
    except ServerError as error:
        layout.stop_all()
        pytest.fail(str(error))
    try:
        yield layout
    finally:
        layout.stop_all()
