"""The server's settings and their defaults, in one place: the traitlets configuration
(``extension.AutopilotConfig``), the service, the sources and the notebook API all take their
defaults from here; the frontend reads the ones it follows from ``GET sources`` → ``settings``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ServiceSettings:
    """Every server setting, with its default."""

    jobs_dir: str | None = None
    aws_region: str | None = None
    aws_profile: str | None = None
    aws_endpoint_url: str | None = None
    connect_timeout: float = 5
    read_timeout: float = 20
    total_max_attempts: int = 4
    retry_mode: str = "standard"
    max_workers: int = 8
    top_features: int = 20
    sources: list = field(default_factory=lambda: ["local", "aws"])
    max_record_bytes: int = 32 * 1024 * 1024
    max_artifact_bytes: int = 25 * 1024 * 1024
    max_notebook_bytes: int = 50 * 1024 * 1024
    max_report_bytes: int = 100 * 1024 * 1024
    cache_jobs: int = 50
    max_concurrent_runs: int = 1
    # what the "New AutoML job" form (and POST jobs) starts from
    default_max_candidates: int = 10
    default_role_arn: str | None = None
    default_output_path: str | None = None


DEFAULTS = ServiceSettings()
