"""Job sources: where AutoML job records come from (AWS or a local folder)."""

from .base import JobSource, SourceStatus

__all__ = ["JobSource", "SourceStatus"]
