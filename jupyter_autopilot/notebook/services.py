"""The kernel's services: one AutopilotService per settings tuple, shared by every AutoMLJob."""

from __future__ import annotations

import threading
from pathlib import Path

from ..config import default_jobs_dir
from ..service import AutopilotService
from ..wiring import ServiceSettings, create_service

_services: dict[tuple, AutopilotService] = {}
_services_lock = threading.Lock()


def _settings_key(region, profile, endpoint_url, jobs_dir) -> tuple:
    jobs = str(Path(jobs_dir).expanduser()) if jobs_dir else str(default_jobs_dir())
    return (jobs, region or None, profile or None, endpoint_url or None)


def get_service(
    *, region: str | None = None, profile: str | None = None, endpoint_url: str | None = None, jobs_dir=None
) -> AutopilotService:
    """The kernel's service for these settings, built once with :func:`create_service`.

    ``jobs_dir`` defaults as the server resolves it: ``$JUPYTER_AUTOPILOT_JOBS_DIR``, else
    ``<jupyter data dir>/autopilot/jobs``; AWS settings default to botocore's own chain.
    """
    key = _settings_key(region, profile, endpoint_url, jobs_dir)
    with _services_lock:
        service = _services.get(key)
        if service is None:
            jobs, region, profile, endpoint_url = key
            service = create_service(
                ServiceSettings(jobs_dir=jobs, aws_region=region, aws_profile=profile, aws_endpoint_url=endpoint_url)
            )
            _services[key] = service
        return service


def clear_service_cache() -> None:
    """Forget every cached service (and what it read): new credentials or files are picked up."""
    with _services_lock:
        services = list(_services.values())
        _services.clear()
    for service in services:
        service.close()
