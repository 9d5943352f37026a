"""AwsSource: AutoML job records from Amazon SageMaker and S3, through boto3.

(About 640 lines: the one class that implements the JobSource interface against AWS. Every call
it makes (paged listings, describes, bounded S3 reads, the credentials status) shares its clients,
retries, timeouts and token checks; the error mapping lives in ``errors``.)

* Credentials come from botocore's standard chain (environment, shared files, profiles including
  SSO and assume-role, container and instance roles); nothing here reads or stores secrets.
* One boto3 Session per source and one client per service, created under a lock and cached:
  clients are thread-safe, sessions are not. The service keeps one source per configuration.
* Every call goes through :func:`map_aws_error`, so only :mod:`jupyter_autopilot.errors` classes
  leave this module, with a message a person can act on and the AWS request id.
* Retries in botocore's ``standard`` (or ``adaptive``) mode; connect and read timeouts are set.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)
from botocore.paginate import TokenDecoder

from ... import records as rec
from ...errors import (
    ArtifactNotFound,
    ArtifactTooLarge,
    AutopilotError,
    InvalidParameter,
    JobNotFound,
    NotFound,
    UpstreamError,
)
from ...names import AUTOML_EXPERIMENT_SUFFIX, check_job_name, check_name_contains, check_status
from ...s3uri import S3Location, try_parse
from ..base import JobSource, SourceStatus
from .errors import _SETUP_HINT, is_not_found, map_aws_error

log = logging.getLogger(__name__)

__all__ = [
    "AwsSource",
    "map_aws_error",
    "objective_direction",
    "STEP_TYPES",
    "AUTOML_EXPERIMENT_SUFFIX",
]

# CandidateStepType -> (describe method, name parameter, what a person calls it)
STEP_TYPES = {
    "AWS::SageMaker::TrainingJob": ("describe_training_job", "TrainingJobName", "training job"),
    "AWS::SageMaker::ProcessingJob": ("describe_processing_job", "ProcessingJobName", "processing job"),
    "AWS::SageMaker::TransformJob": ("describe_transform_job", "TransformJobName", "transform job"),
}

AUTOML_ARN_MARKER = ":automl-job/"


_CANDIDATES_PAGE = 300  # ListCandidatesForAutoMLJob MaxResults: the service maximum (750 candidates: 3 pages)
_MAX_CANDIDATE_PAGES = 40  # a safety cap
_LIST_PAGE = 100  # ListAutoMLJobs / ListExperiments / Search MaxResults (1..100)
_MAX_LIST_PAGES = 50
_S3_PAGE = 1000
_MAX_S3_PAGES = 100
_MAX_TOKEN_LENGTH = 16384
_MAX_FALLBACK_TRIAL_CHECKS = 200
_NEGATIVE_STATUS_TTL = 10.0  # seconds a "no credentials" status is remembered

# ---------------------------------------------------------------------------------------------
# Helpers on records


def objective_direction(record: dict | None) -> str:
    """ "Maximize" or "Minimize" for a DescribeAutoMLJob(V2) record or an AutoMLCandidate
    (``FinalAutoMLJobObjectiveMetric.Type`` when present, else from the metric's name)."""
    record = record or {}
    return rec.objective_direction(record, [record]) or "Maximize"


_BAD_TOKEN_CODES = frozenset({"ValidationException", "InvalidToken", "InvalidNextToken", "InvalidPaginationToken"})


def _check_page_token(token) -> None:
    """A page token must be what list_jobs handed out: botocore's resume token, which carries
    only AWS's NextToken (and a truncation count). Anything else could smuggle other request
    parameters into the paginator, so it is refused."""
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN_LENGTH:
        raise InvalidParameter("The page token is not valid; reload the job list.")
    try:
        decoded = TokenDecoder().decode(token)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        decoded = None  # botocore then treats it as a plain (legacy) NextToken
    if decoded is not None and (
        not isinstance(decoded, dict) or not set(decoded) <= {"NextToken", "boto_truncate_amount"}
    ):
        raise InvalidParameter("The page token is not valid; reload the job list.")


def _strip(response: dict) -> dict:
    response = dict(response)
    response.pop("ResponseMetadata", None)
    return response


def _checked(client, operation: str, response: Any) -> dict:
    """A 200 answer that lacks the operation's required members is not a record of nulls: it is a
    502 "unexpected answer from AWS" (a proxy, a wrong endpoint, a truncated body)."""
    try:
        required = client.meta.service_model.operation_model(operation).output_shape.required_members
    except Exception:  # an operation botocore does not model (a test double): nothing to check
        return response if isinstance(response, dict) else {}
    if not isinstance(response, dict):
        missing = list(required)
    else:
        missing = [name for name in required if response.get(name) is None]
    if missing:
        raise UpstreamError(
            f"Unexpected answer from AWS: {operation} returned no {', '.join(missing[:5])}"
            + (" (and more)" if len(missing) > 5 else "")
            + ". Check the endpoint (aws_endpoint_url) and retry."
        )
    return response


def _summary_from_trial_component(tc: dict) -> dict:
    """A Search TrialComponent record in the shape of a ListTrialComponents summary."""
    out = {
        key: tc[key]
        for key in (
            "TrialComponentName",
            "TrialComponentArn",
            "DisplayName",
            "Status",
            "StartTime",
            "EndTime",
            "CreationTime",
            "CreatedBy",
            "LastModifiedTime",
            "LastModifiedBy",
        )
        if key in tc
    }
    if tc.get("Source"):
        out["TrialComponentSource"] = tc["Source"]
    return out


# ---------------------------------------------------------------------------------------------
# The source


class AwsSource(JobSource):
    """Jobs of one AWS account and region.

    ``clients`` injects ready-made boto3 clients by service name (``{"sagemaker": c, "s3": c}``),
    for tests (moto, botocore Stubber); other services are still created from the session.
    """

    id = "aws"

    def __init__(
        self,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        connect_timeout: float = 5,
        read_timeout: float = 20,
        total_max_attempts: int = 4,
        retry_mode: str = "standard",
        max_workers: int = 8,
        *,
        clients: dict | None = None,
    ):
        if retry_mode not in ("standard", "adaptive", "legacy"):
            raise ValueError(f"retry_mode must be standard or adaptive, not {retry_mode!r}")
        self.region = region or None
        self.profile = profile or None
        self.endpoint_url = endpoint_url or None
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_max_attempts = max(1, int(total_max_attempts))
        self.retry_mode = retry_mode
        self.max_workers = max(1, int(max_workers))
        self._injected = dict(clients or {})
        self._lock = threading.RLock()
        self._session: boto3.session.Session | None = None
        self._clients: dict[str, Any] = {}
        self._status_cache: tuple[float, SourceStatus] | None = None

    # -- session, region, clients ---------------------------------------------------------------

    @property
    def botocore_config(self) -> Config:
        return Config(
            retries={"mode": self.retry_mode, "total_max_attempts": self.total_max_attempts},
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            max_pool_connections=max(10, self.max_workers),
        )

    def _get_session(self) -> boto3.session.Session:
        """The one Session of this source (call with the lock held). Raises ProfileNotFound."""
        if self._session is None:
            self._session = boto3.session.Session(profile_name=self.profile)
        return self._session

    def _resolve_region(self, session: boto3.session.Session | None) -> str | None:
        # Like the AWS CLI: explicit setting, AWS_REGION, AWS_DEFAULT_REGION, then the profile.
        if self.region:
            return self.region
        env = os.environ.get("AWS_REGION")
        if env:
            return env
        return session.region_name if session is not None else os.environ.get("AWS_DEFAULT_REGION") or None

    @property
    def region_name(self) -> str | None:
        """The region in use, or None when none is configured (never raises)."""
        if self.region:
            return self.region
        with self._lock:
            try:
                return self._resolve_region(self._get_session())
            except BotoCoreError:
                return self._resolve_region(None)

    @property
    def profile_name(self) -> str | None:
        """The profile in use (explicit, else AWS_PROFILE / AWS_DEFAULT_PROFILE), or None."""
        return self.profile or os.environ.get("AWS_PROFILE") or os.environ.get("AWS_DEFAULT_PROFILE") or None

    @property
    def label(self) -> str:  # type: ignore[override]
        region = self.region_name
        return f"AWS ({region})" if region else "AWS (no region)"

    def _client(self, service: str):
        """The shared client for ``service``; created once, under the lock."""
        injected = self._injected.get(service)
        if injected is not None:
            return injected
        with self._lock:
            client = self._clients.get(service)
            if client is None:
                session = self._get_session()
                region = self._resolve_region(session)
                if not region:
                    raise NoRegionError()
                config = self.botocore_config
                if service == "s3" and self.endpoint_url:
                    config = config.merge(Config(s3={"addressing_style": "path"}))
                client = session.client(service, region_name=region, endpoint_url=self.endpoint_url, config=config)
                self._clients[service] = client
            return client

    def _forget_clients(self) -> None:
        """Drop the session and clients so new credentials or config files are picked up."""
        with self._lock:
            self._clients.clear()
            self._session = None
            self._status_cache = None

    def close(self) -> None:
        self._forget_clients()

    # -- calling AWS ----------------------------------------------------------------------------

    def _map(self, exc: BaseException, operation: str, not_found: AutopilotError | None = None) -> AutopilotError:
        if isinstance(exc, (NoCredentialsError, PartialCredentialsError, ProfileNotFound)) and not self._injected:
            self._forget_clients()
        region = self.region or os.environ.get("AWS_REGION") or None
        return map_aws_error(exc, operation=operation, not_found=not_found, profile=self.profile_name, region=region)

    @staticmethod
    def _op_name(client, method: str) -> str:
        try:
            return client.meta.method_to_api_mapping.get(method, method)
        except AttributeError:
            return method

    def _call(self, service: str, method: str, *, not_found: AutopilotError | None = None, **params) -> dict:
        operation = method
        try:
            client = self._client(service)
            operation = self._op_name(client, method)
            response = _strip(getattr(client, method)(**params))
        except (ClientError, BotoCoreError) as exc:
            raise self._map(exc, operation, not_found) from exc
        return _checked(client, operation, response)

    def _pages(
        self,
        service: str,
        method: str,
        *,
        page_size: int,
        max_pages: int,
        not_found: AutopilotError | None = None,
        **params,
    ) -> Iterator[dict]:
        """Pages of a botocore paginator, at most ``max_pages`` of them."""
        operation = method
        try:
            client = self._client(service)
            operation = self._op_name(client, method)
            paginator = client.get_paginator(method)
            pages = paginator.paginate(**params, PaginationConfig={"PageSize": page_size})
            for index, page in enumerate(pages):
                yield _checked(client, operation, _strip(page))
                if index + 1 >= max_pages:
                    log.warning("%s: stopped after %d pages", operation, max_pages)
                    return
        except (ClientError, BotoCoreError) as exc:
            raise self._map(exc, operation, not_found) from exc

    # -- JobSource ------------------------------------------------------------------------------

    def status(self) -> SourceStatus:
        """Credentials and region present? No AWS round trip (cached credentials lookup only)."""
        cached = self._status_cache
        if cached is not None and time.monotonic() - cached[0] < _NEGATIVE_STATUS_TTL:
            return cached[1]
        status = self._compute_status()
        self._status_cache = None if status.available else (time.monotonic(), status)
        return status

    def _compute_status(self) -> SourceStatus:
        profile = self.profile_name
        details: dict[str, Any] = {"profile": profile, "endpointUrl": bool(self.endpoint_url)}
        if self._injected:
            region = self.region_name
            details["region"] = region
            return SourceStatus(True, f"AWS, region {region} (injected clients)", details)
        with self._lock:
            try:
                session = self._get_session()
            except ProfileNotFound:
                return SourceStatus(
                    False,
                    f"The AWS profile {profile!r} does not exist in the AWS config files. " + _SETUP_HINT,
                    details,
                )
            except BotoCoreError as exc:
                return SourceStatus(False, map_aws_error(exc, profile=profile).message, details)
            region = self._resolve_region(session)
            details["region"] = region
            if not region:
                return SourceStatus(False, "No AWS region is configured. " + _SETUP_HINT, details)
            try:
                credentials = session.get_credentials()
            except (SSOError, TokenRetrievalError, CredentialRetrievalError) as exc:
                return SourceStatus(False, map_aws_error(exc, profile=profile).message, details)
            except (BotoCoreError, ClientError) as exc:
                return SourceStatus(
                    False,
                    f"AWS credentials could not be loaded ({type(exc).__name__}). " + _SETUP_HINT,
                    details,
                )
            except Exception as exc:  # a credential provider failing in an unexpected way
                log.warning("AWS credential lookup failed: %s", type(exc).__name__)
                return SourceStatus(
                    False,
                    f"AWS credentials could not be loaded ({type(exc).__name__}). " + _SETUP_HINT,
                    details,
                )
            if credentials is None:
                self._session = None  # re-read the config files next time
                return SourceStatus(False, "No AWS credentials were found. " + _SETUP_HINT, details)
            method = getattr(credentials, "method", None) or "unknown"
            details["credentials"] = method
        where = f"profile {profile}, " if profile else ""
        return SourceStatus(True, f"AWS credentials ({where}{method}), region {region}", details)

    def list_jobs(
        self,
        *,
        name_contains: str | None = None,
        status: str | None = None,
        next_token: str | None = None,
        max_results: int = 100,
    ) -> tuple[list[dict], str | None]:
        name_contains = check_name_contains(name_contains)
        status = check_status(status)
        try:
            max_results = int(max_results)
        except (TypeError, ValueError):
            raise InvalidParameter("maxResults must be a number.") from None
        max_results = min(max(1, max_results), 1000)
        if next_token is not None:
            _check_page_token(next_token)
        params: dict[str, Any] = {"SortBy": "CreationTime", "SortOrder": "Descending"}
        if name_contains:
            params["NameContains"] = name_contains
        if status:
            params["StatusEquals"] = status
        pagination: dict[str, Any] = {"MaxItems": max_results, "PageSize": min(_LIST_PAGE, max_results)}
        if next_token:
            pagination["StartingToken"] = next_token
        operation = "ListAutoMLJobs"
        try:
            client = self._client("sagemaker")
            paginator = client.get_paginator("list_auto_ml_jobs")
            result = paginator.paginate(**params, PaginationConfig=pagination).build_full_result()
        except ClientError as exc:
            code = (exc.response.get("Error") or {}).get("Code")
            if next_token and code in _BAD_TOKEN_CODES:
                raise InvalidParameter("The page token is not valid or has expired; reload the job list.") from exc
            raise self._map(exc, operation) from exc
        except ParamValidationError as exc:
            if next_token:
                raise InvalidParameter("The page token is not valid; reload the job list.") from exc
            raise self._map(exc, operation) from exc
        except BotoCoreError as exc:
            raise self._map(exc, operation) from exc
        except (ValueError, TypeError, KeyError) as exc:  # a token botocore cannot decode
            raise InvalidParameter("The page token is not valid; reload the job list.") from exc
        summaries = result.get("AutoMLJobSummaries")
        if not isinstance(summaries, list):
            raise UpstreamError(
                "Unexpected answer from AWS: ListAutoMLJobs returned no AutoMLJobSummaries list. "
                "Check the endpoint (aws_endpoint_url) and retry."
            )
        return summaries, result.get("NextToken") or None

    def _job_not_found(self, job: str) -> JobNotFound:
        region = self.region_name
        where = f" in {region}" if region else ""
        return JobNotFound(f"There is no AutoML job named {job!r}{where}.")

    def describe_job(self, job: str) -> dict:
        check_job_name(job)
        not_found = self._job_not_found(job)
        operation = "DescribeAutoMLJobV2"
        try:
            client = self._client("sagemaker")
            record = _checked(client, operation, _strip(client.describe_auto_ml_job_v2(AutoMLJobName=job)))
        except ClientError as exc:
            code = (exc.response.get("Error") or {}).get("Code")
            if is_not_found(exc) or code != "ValidationException":
                raise self._map(exc, operation, not_found) from exc
            # V2 cannot describe it (an old V1 job on some API versions): ask V1.
            log.info("DescribeAutoMLJobV2 refused %s (%s); trying DescribeAutoMLJob", job, code)
            record = self._call("sagemaker", "describe_auto_ml_job", not_found=not_found, AutoMLJobName=job)
        except BotoCoreError as exc:
            raise self._map(exc, operation, not_found) from exc
        return record

    def list_candidates(self, job: str) -> list[dict]:
        """Every candidate, in pages of 300 (the service maximum). Unsorted: ranking is the
        leaderboard view's job, so the listing need not wait for the job's record."""
        return [c for page in self.candidate_pages(job) for c in page]

    def candidate_pages(self, job: str) -> Iterator[list[dict]]:
        check_job_name(job)
        for page in self._pages(
            "sagemaker",
            "list_candidates_for_auto_ml_job",
            page_size=_CANDIDATES_PAGE,
            max_pages=_MAX_CANDIDATE_PAGES,
            not_found=self._job_not_found(job),
            AutoMLJobName=job,
        ):
            candidates = page.get("Candidates")
            yield candidates if isinstance(candidates, list) else []

    def find_candidate(self, job: str, name: str) -> dict | None:
        """One candidate by name, in one call (ListCandidatesForAutoMLJob with CandidateNameEquals)."""
        check_job_name(job)
        if not isinstance(name, str) or not 1 <= len(name) <= 64:
            return None
        page = self._call(
            "sagemaker",
            "list_candidates_for_auto_ml_job",
            not_found=self._job_not_found(job),
            AutoMLJobName=job,
            CandidateNameEquals=name,
            MaxResults=1,
        )
        return next(
            (c for c in page.get("Candidates", []) if isinstance(c, dict) and c.get("CandidateName") == name), None
        )

    def describe_step(self, job: str, step_type: str, step_name: str) -> dict:
        # the name comes from the job's own record: not held to the rules of names people type
        # (AWS answers for a name it does not know); only its type and size are checked
        if not isinstance(step_name, str) or not 1 <= len(step_name) <= 256:
            raise InvalidParameter(f"{str(step_name)[:80]!r} is not a step name.")
        if step_type not in STEP_TYPES:
            raise InvalidParameter(
                f"{str(step_type)[:80]!r} is not a candidate step type; use one of {', '.join(STEP_TYPES)}."
            )
        method, param, kind = STEP_TYPES[step_type]
        return self._call(
            "sagemaker",
            method,
            not_found=NotFound(f"The {kind} {step_name!r} of job {job!r} does not exist (any more)."),
            **{param: step_name},
        )

    def list_objects(self, job: str, prefix: S3Location, limit: int = 1000) -> list[tuple[S3Location, int]]:
        if not isinstance(prefix, S3Location):
            raise InvalidParameter("list_objects needs an S3Location.")
        limit = max(0, int(limit))
        key = prefix.key
        if key and not key.endswith("/"):
            key += "/"  # list *below* the prefix; S3 prefixes are plain strings
        found: list[tuple[S3Location, int]] = []
        if limit == 0:
            return found
        for page in self._pages(
            "s3",
            "list_objects_v2",
            page_size=min(_S3_PAGE, max(limit, 1)),
            max_pages=_MAX_S3_PAGES,
            not_found=ArtifactNotFound(f"The S3 location {prefix.uri} does not exist."),
            Bucket=prefix.bucket,
            Prefix=key,
        ):
            for item in page.get("Contents", []) or []:
                object_key = item.get("Key")
                if not isinstance(object_key, str) or not object_key or object_key.endswith("/"):
                    continue
                location = try_parse(f"s3://{prefix.bucket}/{object_key}")
                if location is None or not prefix.contains(location):
                    log.warning("ignoring S3 key outside %s", prefix.uri)
                    continue
                found.append((location, int(item.get("Size") or 0)))
                if len(found) >= limit:
                    return found
        return found

    def read_object(self, job: str, location: S3Location, max_bytes: int) -> bytes:
        if not isinstance(location, S3Location) or not location.key or location.key.endswith("/"):
            raise ArtifactNotFound(f"{getattr(location, 'uri', location)} is not an S3 object.")
        not_found = ArtifactNotFound(f"The S3 object {location.uri} does not exist.")
        response = self._call("s3", "get_object", not_found=not_found, Bucket=location.bucket, Key=location.key)
        body = response.get("Body")
        try:
            length = response.get("ContentLength")
            if isinstance(length, int) and length > max_bytes:
                raise ArtifactTooLarge(f"{location.uri} is {length} bytes, more than the {max_bytes}-byte limit.")
            if body is None:
                return b""
            data = body.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise ArtifactTooLarge(f"{location.uri} is larger than the {max_bytes}-byte limit.")
            return data
        except (ClientError, BotoCoreError) as exc:
            raise self._map(exc, "GetObject", not_found) from exc
        finally:
            if body is not None:
                try:
                    body.close()
                except Exception:  # closing a half-read stream must not hide the real outcome
                    pass

    def list_experiments(self) -> list[dict]:
        experiments = []
        for page in self._pages(
            "sagemaker",
            "list_experiments",
            page_size=_LIST_PAGE,
            max_pages=_MAX_LIST_PAGES,
            SortBy="CreationTime",
            SortOrder="Descending",
        ):
            for summary in page.get("ExperimentSummaries", []) or []:
                name = summary.get("ExperimentName") or ""
                source_arn = ((summary.get("ExperimentSource") or {}).get("SourceArn")) or ""
                if name.endswith(AUTOML_EXPERIMENT_SUFFIX) or AUTOML_ARN_MARKER in source_arn:
                    experiments.append(summary)
        return experiments

    def list_unassigned_trial_components(self) -> list[dict]:
        try:
            return self._unassigned_by_search()
        except InvalidParameter:  # AWS's ValidationException: this region's Search lacks the filter
            log.info("Search over trial components refused; listing them instead")
            return self._unassigned_by_listing()

    def _unassigned_by_search(self) -> list[dict]:
        out = []
        for page in self._pages(
            "sagemaker",
            "search",
            page_size=_LIST_PAGE,
            max_pages=_MAX_LIST_PAGES,
            Resource="ExperimentTrialComponent",
            SearchExpression={
                "Filters": [{"Name": "Source.SourceArn", "Operator": "Contains", "Value": AUTOML_ARN_MARKER}]
            },
            SortBy="CreationTime",
            SortOrder="Descending",
        ):
            for result in page.get("Results", []) or []:
                tc = result.get("TrialComponent")
                if not tc or tc.get("Parents"):
                    continue
                source_arn = ((tc.get("Source") or {}).get("SourceArn")) or ""
                if AUTOML_ARN_MARKER not in source_arn:
                    continue  # the filter is the service's; check it here too
                out.append(_summary_from_trial_component(tc))
        return out

    def _unassigned_by_listing(self) -> list[dict]:
        matching = []
        for page in self._pages(
            "sagemaker",
            "list_trial_components",
            page_size=_LIST_PAGE,
            max_pages=_MAX_LIST_PAGES,
            SortBy="CreationTime",
            SortOrder="Descending",
        ):
            for summary in page.get("TrialComponentSummaries", []) or []:
                source_arn = ((summary.get("TrialComponentSource") or {}).get("SourceArn")) or ""
                if AUTOML_ARN_MARKER in source_arn and summary.get("TrialComponentName"):
                    matching.append(summary)
        if not matching:
            return []

        unassigned = []
        for summary in matching[:_MAX_FALLBACK_TRIAL_CHECKS]:  # one ListTrials each: keep it bounded
            page = self._call(
                "sagemaker", "list_trials", TrialComponentName=summary["TrialComponentName"], MaxResults=1
            )
            if not page.get("TrialSummaries"):
                unassigned.append(summary)
        return unassigned
