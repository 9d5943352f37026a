"""The service layer: records from a source → typed view models for the REST API and the notebook API.

- ``core``: AutopilotService (fetches records, caches what a finished job yields, confines S3 reads)
- ``views``: pure builders, records → view models
- ``models``: the typed view models (the contract; the OpenAPI document is generated from them)
- ``figures``: every plotly chart, built once
- ``cache``: single-flight memo of a job's reads, LRU of finished jobs
"""

from .core import PERMANENT_ERRORS, REPORT_KINDS, AutopilotService, Serialized

__all__ = ["PERMANENT_ERRORS", "REPORT_KINDS", "AutopilotService", "Serialized"]
