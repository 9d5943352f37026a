"""The REST API under ``{base_url}autopilot/api/``: tornado handlers and the OpenAPI document made
from the service's typed view models."""
