"""Delete the conversations nobody has written in for more than N days, from the tracker store.

A conversation is deleted whole, once its last event is older than the limit: deleting only its old
events would leave a conversation that Rasa can no longer replay.
"""

from __future__ import annotations

import math
import time

import sqlalchemy

SECONDS_PER_DAY = 24 * 60 * 60

# The senders whose newest event is older than the cutoff (Rasa's SQL tracker store keeps one row per event).
_STALE = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"


def delete_stale_conversations(store_url: str, days: float, now: float | None = None, dry_run: bool = False) -> int:
    """Delete every conversation inactive for more than `days` days; return how many (or would be, on a dry run)."""
    if not math.isfinite(days) or days <= 0:
        raise ValueError(f"the retention must be a positive number of days, not {days}")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    engine = sqlalchemy.create_engine(store_url)
    try:
        with engine.begin() as connection:
            if not sqlalchemy.inspect(connection).has_table("events"):
                return 0  # nothing has been stored yet
            stale = [row[0] for row in connection.execute(sqlalchemy.text(_STALE), {"cutoff": cutoff})]
            if stale and not dry_run:
                connection.execute(
                    sqlalchemy.text(f"DELETE FROM events WHERE sender_id IN ({_STALE})"), {"cutoff": cutoff}
                )
            return len(stale)
    finally:
        engine.dispose()
