"""Waiting out a store's restart: bounded retries with growing pauses, shared by the tracker and lock stores.

A restart of PostgreSQL or Redis takes a second or two. Failing every message that arrives meanwhile loses
them; retrying for a while rides over the restart and the conversation carries on where it was.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

logger = logging.getLogger(__name__)

FIRST_PAUSE_SECONDS = 0.1
LONGEST_PAUSE_SECONDS = 2.0

Result = TypeVar("Result")


async def retrying(
    operation: Callable[[], Awaitable[Result]],
    retry_seconds: float,
    what: str,
    unreachable: Callable[[Exception], bool],
) -> Result:
    """Run `operation`, again after a growing pause while `unreachable(error)`, for up to `retry_seconds`.

    `what` names the store and the operation in the warning each retry logs: "the tracker store (read 42)".
    """
    deadline = time.monotonic() + retry_seconds
    pause = FIRST_PAUSE_SECONDS
    while True:
        try:
            return await operation()
        except Exception as error:
            if not unreachable(error) or time.monotonic() + pause > deadline:
                raise
            logger.warning("%s is unreachable; retrying: %s", what, error)
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
