"""Speed-ups applied for one test only: pytest's monkeypatch puts Rasa's own methods back afterwards."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cso_advisor.rasa_plugins.server import speedups


@pytest.fixture
def apply_speedups(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    def apply() -> None:
        for owner, name, replacement in speedups.REPLACEMENTS:
            monkeypatch.setattr(owner, name, replacement)

    return apply
