"""Timestamps from AWS (datetime) and from local records (ISO 8601 or epoch seconds)."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")  # nanoseconds: Python reads up to microseconds


def parse_time(value) -> datetime | None:
    """Return an aware UTC datetime, or None when the value is missing or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, bool):
        return None
    elif isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        try:
            dt = datetime.fromtimestamp(float(value), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        text = value.strip()
        try:
            return parse_time(float(text))
        except ValueError:
            pass
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        text = _LONG_FRACTION.sub(r"\1", text)
        try:
            dt = datetime.fromisoformat(text)  # accepts 'T' and ' ' separators
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def to_iso(value) -> str | None:
    dt = parse_time(value)
    if dt is None:
        return None
    return dt.isoformat().replace("+00:00", "Z")


def seconds_between(start, end) -> float | None:
    a, b = parse_time(start), parse_time(end)
    if a is None or b is None:
        return None
    return round((b - a).total_seconds(), 3)
