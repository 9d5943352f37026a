"""AWS errors → the errors of :mod:`jupyter_autopilot.errors`, each with a message a person can act on
(what failed, why, what to do) and the AWS request id; no access key id or secret ever passes."""

from __future__ import annotations

import re
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    CredentialRetrievalError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
    SSOError,
    TokenRetrievalError,
)

from ...errors import (
    AccessDenied,
    AutopilotError,
    Conflict,
    ExpiredCredentials,
    InvalidParameter,
    LimitExceeded,
    NotFound,
    SourceUnavailable,
    Throttled,
    UpstreamError,
    UpstreamTimeout,
)

_NOT_FOUND_CODES = frozenset(
    {"ResourceNotFound", "ResourceNotFoundException", "NoSuchKey", "NoSuchBucket", "NotFound", "404"}
)
_NOT_FOUND_MESSAGE = re.compile(
    r"not\s+found|not\s+exist|could\s+not\s+find|can\s*not\s+find|can't\s+find|unable\s+to\s+find|no\s+such",
    re.IGNORECASE,
)
_ACCESS_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden", "403"}
)
_THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "SlowDown",
        "RequestLimitExceeded",
        "RequestThrottled",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
        "EC2ThrottledException",
    }
)
_EXPIRED_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "InvalidToken",
        "TokenRefreshRequired",
    }
)
_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b")


def _clean(text: Any, limit: int = 300) -> str:
    """An AWS message, shortened, on one line, with anything shaped like an access key id masked."""
    text = " ".join(str(text or "").split())
    text = _ACCESS_KEY.sub("****", text)
    return text if len(text) <= limit else text[:limit] + "…"


def is_not_found(exc: BaseException) -> bool:
    """True for the codes and ValidationException messages SageMaker and S3 use for "absent"."""
    if not isinstance(exc, ClientError):
        return False
    error = exc.response.get("Error", {}) or {}
    code = str(error.get("Code", ""))
    if code in _NOT_FOUND_CODES:
        return True
    if code == "ValidationException" and _NOT_FOUND_MESSAGE.search(str(error.get("Message", ""))):
        return True
    return False


def _login_hint(profile: str | None) -> str:
    if profile:
        return f"run `aws sso login --profile {profile}` (SSO) or refresh the profile's credentials, then retry"
    return (
        "run `aws sso login` (SSO) or `aws configure`, or export fresh AWS_ACCESS_KEY_ID / "
        "AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, then retry"
    )


_SETUP_HINT = (
    "Run `aws configure` (access keys) or `aws sso login --profile NAME` (IAM Identity Center), "
    "select the profile with AWS_PROFILE or the server setting `AutopilotConfig.aws_profile`, "
    "and the region with AWS_REGION / AWS_DEFAULT_REGION or `AutopilotConfig.aws_region`."
)


def map_aws_error(
    exc: BaseException,
    *,
    operation: str | None = None,
    not_found: AutopilotError | None = None,
    profile: str | None = None,
    region: str | None = None,
) -> AutopilotError:
    """Turn a botocore exception into the error class the REST API and notebook API show.

    ``not_found`` is the error to raise when AWS says the resource does not exist (default: a
    generic :class:`NotFound`). Messages never include tracebacks, credentials or internal
    ``str(exc)`` beyond AWS's own (shortened) error message.
    """
    if isinstance(exc, AutopilotError):
        return exc
    if isinstance(exc, ClientError):
        response = exc.response or {}
        error = response.get("Error", {}) or {}
        meta = response.get("ResponseMetadata", {}) or {}
        code = str(error.get("Code") or "Unknown")
        message = _clean(error.get("Message"))
        request_id = meta.get("RequestId") or (meta.get("HTTPHeaders") or {}).get("x-amzn-requestid")
        op = getattr(exc, "operation_name", None) or operation or "the AWS call"
        if is_not_found(exc):
            err = not_found or NotFound(f"AWS reports that the resource does not exist ({op}: {code}).")
            err.request_id = err.request_id or request_id
            return err
        if code in _ACCESS_DENIED_CODES:
            service = _service_of(op)
            action = f"{service}:{op}" if service else op
            return AccessDenied(
                f"AWS denied access: the credentials in use are not allowed to call {action}. "
                "Ask your administrator for that permission or use another profile.",
                request_id=request_id,
                action=action,
            )
        if code in _THROTTLING_CODES:
            return Throttled(
                f"AWS is throttling requests ({op}: {code}) and retries did not get through; "
                "wait a few seconds and try again.",
                request_id=request_id,
            )
        if code in _EXPIRED_CODES:
            return ExpiredCredentials(
                f"AWS rejected the credentials ({code}): they have expired or are not valid. "
                f"To fix it, {_login_hint(profile)}.",
                request_id=request_id,
            )
        if code in ("ResourceInUse", "ResourceInUseException", "ConflictException"):
            return Conflict(
                f"AWS refused {op}: the resource exists already or is in use ({code})"
                + (f": {message}" if message else "."),
                request_id=request_id,
            )
        if code in ("ResourceLimitExceeded", "LimitExceededException", "ServiceQuotaExceededException"):
            return LimitExceeded(
                f"AWS refused {op}: an account quota is reached ({code})"
                + (f": {message}" if message else ".")
                + " Stop or delete what you no longer need, or ask AWS for a higher quota.",
                request_id=request_id,
            )
        if code == "ValidationException":
            return InvalidParameter(
                f"AWS found the {op} request not valid" + (f": {message}" if message else "."),
                request_id=request_id,
            )
        return UpstreamError(
            f"AWS returned {code} for {op}" + (f": {message}" if message else "."),
            request_id=request_id,
            awsCode=code,
        )
    if isinstance(exc, (SSOError, TokenRetrievalError)):
        # SSOTokenLoadError, UnauthorizedSSOTokenError, TokenRetrievalError
        return ExpiredCredentials(f"The AWS SSO session is missing or has expired. To fix it, {_login_hint(profile)}.")
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return SourceUnavailable(
            (
                "Incomplete AWS credentials were found. "
                if isinstance(exc, PartialCredentialsError)
                else "No AWS credentials were found. "
            )
            + _SETUP_HINT
        )
    if isinstance(exc, ProfileNotFound):
        name = getattr(exc, "kwargs", {}).get("profile") or profile
        return SourceUnavailable(f"The AWS profile {name!r} does not exist in the AWS config files. " + _SETUP_HINT)
    if isinstance(exc, NoRegionError):
        return SourceUnavailable("No AWS region is configured. " + _SETUP_HINT)
    if isinstance(exc, CredentialRetrievalError):
        provider = getattr(exc, "kwargs", {}).get("provider") or "the credential provider"
        return ExpiredCredentials(
            f"AWS credentials could not be obtained from {provider}. To fix it, {_login_hint(profile)}."
        )
    if isinstance(exc, (ConnectTimeoutError, ReadTimeoutError)):
        kind = "connecting to" if isinstance(exc, ConnectTimeoutError) else "waiting for"
        where = f" in {region}" if region else ""
        return UpstreamTimeout(
            f"Timed out {kind} AWS ({operation or 'request'}{where}); the service is slow or unreachable. Try again."
        )
    if isinstance(exc, EndpointConnectionError):
        url = getattr(exc, "kwargs", {}).get("endpoint_url") or "the AWS endpoint"
        return UpstreamError(
            f"Could not connect to {url} ({operation or 'request'}); check the network, the "
            "region and any proxy settings.",
            awsCode="EndpointConnectionError",
        )
    if isinstance(exc, ParamValidationError):
        return InvalidParameter(
            f"The request for {operation or 'AWS'} was not valid: " + _clean(getattr(exc, "kwargs", {}).get("report"))
        )
    if isinstance(exc, BotoCoreError):
        return UpstreamError(
            f"The AWS call {operation or ''} failed ({type(exc).__name__}).".replace("  ", " "),
            awsCode=type(exc).__name__,
        )
    return UpstreamError(f"The AWS call {operation or ''} failed unexpectedly.".replace("  ", " "))


def _service_of(operation: str) -> str:
    if operation in {"GetObject", "HeadObject", "ListObjectsV2", "ListObjects"}:
        return "s3"
    if operation in {"AssumeRole", "GetCallerIdentity", "AssumeRoleWithWebIdentity"}:
        return "sts"
    return "sagemaker" if operation and operation[0].isupper() else ""
