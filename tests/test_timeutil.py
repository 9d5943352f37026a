from datetime import datetime, timezone

import pytest

from jupyter_autopilot.timeutil import parse_time, seconds_between, to_iso


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2024-05-06T09:30:00Z", "2024-05-06T09:30:00Z"),
        ("2024-05-06 09:30:00", "2024-05-06T09:30:00Z"),
        ("2024-05-06 09:30:00.123000+00:00", "2024-05-06T09:30:00.123000Z"),
        ("2024-05-06T11:30:00+02:00", "2024-05-06T09:30:00Z"),
        ("2024-05-06T09:30:00.123456789Z", "2024-05-06T09:30:00.123456Z"),
        (1714987800, "2024-05-06T09:30:00Z"),
        (1714987800.5, "2024-05-06T09:30:00.500000Z"),
        ("1714987800", "2024-05-06T09:30:00Z"),
        (datetime(2024, 5, 6, 9, 30, tzinfo=timezone.utc), "2024-05-06T09:30:00Z"),
        (None, None),
        ("", None),
        ("yesterday", None),
        (float("nan"), None),
        (True, None),
        ({}, None),
    ],
)
def test_to_iso(value, expected):
    assert to_iso(value) == expected


def test_seconds_between_mixed_formats():
    assert seconds_between("2024-05-06 09:30:00", 1714987860) == 60.0
    assert seconds_between(None, 1714987860) is None
    assert parse_time("2024-05-06T09:30:00").tzinfo is not None
