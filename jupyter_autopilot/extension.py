"""Server configuration (traitlets) and loading of the jupyter_server extension."""

from __future__ import annotations

from traitlets import Enum, Float, Int, List, Unicode
from traitlets.config import Configurable

from .rest.handlers import setup_handlers
from .settings import DEFAULTS, ServiceSettings
from .wiring import create_service


class AutopilotConfig(Configurable):
    """Configure with ``c.AutopilotConfig.<name>`` in jupyter_server_config.py or on the command line."""

    jobs_dir = Unicode(
        "",
        help="Folder of local jobs. Default: $JUPYTER_AUTOPILOT_JOBS_DIR, else <jupyter data dir>/autopilot/jobs.",
    ).tag(config=True)
    aws_region = Unicode("", help="AWS region; default: the profile's region or AWS_REGION / AWS_DEFAULT_REGION.").tag(
        config=True
    )
    aws_profile = Unicode("", help="AWS profile (from ~/.aws/config); default: AWS_PROFILE or the default chain.").tag(
        config=True
    )
    aws_endpoint_url = Unicode("", help="SageMaker/S3 endpoint override (VPC endpoints, tests). Server-side only.").tag(
        config=True
    )
    connect_timeout = Float(ServiceSettings.connect_timeout, help="Seconds to connect to AWS.").tag(config=True)
    read_timeout = Float(ServiceSettings.read_timeout, help="Seconds to wait for an AWS response.").tag(config=True)
    total_max_attempts = Int(
        ServiceSettings.total_max_attempts, help="Attempts per AWS call, the first included (botocore retries)."
    ).tag(config=True)
    retry_mode = Enum(["standard", "adaptive"], ServiceSettings.retry_mode, help="botocore retry mode.").tag(
        config=True
    )
    request_timeout = Float(120, help="Upper bound in seconds for one REST request (504 after it).").tag(config=True)
    max_workers = Int(ServiceSettings.max_workers, help="Worker threads for blocking AWS and file calls.").tag(
        config=True
    )
    top_features = Int(ServiceSettings.top_features, help="Features shown in the SHAP chart by default.").tag(
        config=True
    )
    sources = List(Unicode(), list(DEFAULTS.sources), help="Job sources offered, in order.").tag(config=True)
    max_record_bytes = Int(
        ServiceSettings.max_record_bytes,
        help="Largest record file of a local job folder (job.json, candidates.json, step records) read, in bytes.",
    ).tag(config=True)
    max_artifact_bytes = Int(
        ServiceSettings.max_artifact_bytes, help="Largest analysis.json / statistics.json read, in bytes."
    ).tag(config=True)
    max_notebook_bytes = Int(ServiceSettings.max_notebook_bytes, help="Largest generated notebook read, in bytes.").tag(
        config=True
    )
    cache_jobs = Int(
        ServiceSettings.cache_jobs,
        help="Finished jobs whose records, artifacts and views are kept in memory (least recently used out first).",
    ).tag(config=True)
    max_concurrent_runs = Int(
        ServiceSettings.max_concurrent_runs, help="Local jobs created from JupyterLab that run at once; others queue."
    ).tag(config=True)
    default_max_candidates = Int(
        ServiceSettings.default_max_candidates, help="Max candidates of a new job when the request leaves it out."
    ).tag(config=True)
    default_role_arn = Unicode(
        "", help="IAM role ARN a new AWS job starts with (the form's default; POST jobs may leave it out)."
    ).tag(config=True)
    default_output_path = Unicode(
        "", help="s3:// output path a new AWS job starts with (the form's default; POST jobs may leave it out)."
    ).tag(config=True)
    max_report_bytes = Int(ServiceSettings.max_report_bytes, help="Largest report file (PDF) served, in bytes.").tag(
        config=True
    )

    def service_settings(self) -> ServiceSettings:
        return ServiceSettings(
            jobs_dir=self.jobs_dir or None,
            aws_region=self.aws_region or None,
            aws_profile=self.aws_profile or None,
            aws_endpoint_url=self.aws_endpoint_url or None,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            total_max_attempts=self.total_max_attempts,
            retry_mode=self.retry_mode,
            max_workers=self.max_workers,
            top_features=self.top_features,
            sources=list(self.sources),
            max_record_bytes=self.max_record_bytes,
            max_artifact_bytes=self.max_artifact_bytes,
            max_notebook_bytes=self.max_notebook_bytes,
            max_report_bytes=self.max_report_bytes,
            cache_jobs=self.cache_jobs,
            max_concurrent_runs=self.max_concurrent_runs,
            default_max_candidates=self.default_max_candidates,
            default_role_arn=self.default_role_arn or None,
            default_output_path=self.default_output_path or None,
        )


def load(server_app) -> None:
    config = AutopilotConfig(parent=server_app)
    service = create_service(config.service_settings())
    web_app = server_app.web_app
    web_app.settings["autopilot_service"] = service
    web_app.settings["autopilot_config"] = config
    setup_handlers(web_app, max_workers=config.max_workers, request_timeout=config.request_timeout)
    server_app.log.info(
        "jupyter_autopilot: REST API at %sautopilot/api/ (sources: %s)",
        web_app.settings.get("base_url", "/"),
        ", ".join(service.source_ids),
    )
