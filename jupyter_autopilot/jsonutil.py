"""Strict JSON for the API: no NaN/Infinity (browsers reject them), datetimes as ISO strings."""

from __future__ import annotations

import json
import math
from datetime import date, datetime

from .timeutil import to_iso


def number(value):
    """A finite float from a number or a numeric string; None for "NaN", null, junk."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            v = float(value)
        except OverflowError:  # an integer beyond a float's range (10**400 in a file)
            return None
    elif isinstance(value, str):
        try:
            v = float(value.strip())
        except ValueError:
            return None
    else:
        try:
            v = float(value)  # numpy scalars
        except (TypeError, ValueError, OverflowError):
            return None
    return v if math.isfinite(v) else None


def clean(obj):
    """Recursively replace non-finite floats with None and datetimes with ISO strings."""
    kind = type(obj)  # the common plain types first, by identity (views hold tens of thousands)
    if kind is str or kind is int or kind is bool or obj is None:
        return obj
    if kind is dict:
        return {k if type(k) is str else str(k): clean(v) for k, v in obj.items()}
    if kind is list:
        return [clean(v) for v in obj]
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, (datetime, date)):
        return to_iso(obj) if isinstance(obj, datetime) else obj.isoformat()
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    n = number(obj)
    if n is not None or isinstance(obj, float):
        return n
    return str(obj)


def dumps(obj) -> str:
    return json.dumps(clean(obj), allow_nan=False, separators=(",", ":"))
