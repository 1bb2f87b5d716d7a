"""python -m insights retention [--days N] [--dry-run]: delete conversations inactive for more than N days.

The tracker store is the one the server uses: CSO_TRACKER_STORE_URL (sqlite:///... or postgresql://...).
The limit comes from --days, else CSO_RETENTION_DAYS, else 90 days (docs/privacy.md).
"""

from __future__ import annotations

import argparse
import os
import sys

from insights.retention import delete_stale_conversations

DEFAULT_RETENTION_DAYS = 90


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    retention = commands.add_parser("retention", help="delete conversations inactive for more than N days")
    retention.add_argument("--days", type=float, help="the limit (default: CSO_RETENTION_DAYS, else 90)")
    retention.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    args = parser.parse_args(arguments)

    store_url = os.environ.get("CSO_TRACKER_STORE_URL")
    if not store_url:
        print("CSO_TRACKER_STORE_URL is not set: it names the tracker store, as for the server.", file=sys.stderr)
        return 2
    configured = os.environ.get("CSO_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS))
    try:
        days = args.days if args.days is not None else float(configured)
    except ValueError:
        print(f"CSO_RETENTION_DAYS must be a number of days, not {configured!r}.", file=sys.stderr)
        return 2
    try:
        count = delete_stale_conversations(store_url, days, dry_run=args.dry_run)
    except ValueError as error:
        print(f"Cannot apply the retention: {error}.", file=sys.stderr)
        return 2
    verb = "would delete" if args.dry_run else "deleted"
    print(f"Retention of {days:g} days: {verb} {count} conversation(s) inactive for longer.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
