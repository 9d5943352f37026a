"""Building the service from settings: the one place that knows which sources exist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .config import default_jobs_dir
from .jobrequest import JobDefaults
from .service import AutopilotService
from .settings import ServiceSettings
from .sources.base import JobSource

__all__ = ["ServiceSettings", "create_service"]


def create_service(settings: ServiceSettings) -> AutopilotService:
    jobs_dir = Path(settings.jobs_dir).expanduser() if settings.jobs_dir else default_jobs_dir()

    def local():
        from .sources.local import LocalSource

        return LocalSource(jobs_dir, max_record_bytes=settings.max_record_bytes)

    def aws():
        from .sources.aws import AwsSource

        return AwsSource(
            region=settings.aws_region or None,
            profile=settings.aws_profile or None,
            endpoint_url=settings.aws_endpoint_url or None,
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            total_max_attempts=settings.total_max_attempts,
            retry_mode=settings.retry_mode,
            max_workers=settings.max_workers,
        )

    factories: dict[str, Callable[[], JobSource]] = {"local": local, "aws": aws}
    chosen: dict[str, JobSource | Callable[[], JobSource]] = {
        sid: factories[sid] for sid in settings.sources if sid in factories
    }
    return AutopilotService(
        chosen,
        max_workers=settings.max_workers,
        default_top_features=settings.top_features,
        max_artifact_bytes=settings.max_artifact_bytes,
        max_notebook_bytes=settings.max_notebook_bytes,
        max_report_bytes=settings.max_report_bytes,
        cache_jobs=settings.cache_jobs,
        max_concurrent_runs=settings.max_concurrent_runs,
        job_defaults=JobDefaults(
            max_candidates=settings.default_max_candidates,
            role_arn=settings.default_role_arn,
            output_path=settings.default_output_path,
        ),
    )
