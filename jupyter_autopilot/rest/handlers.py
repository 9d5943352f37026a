"""REST handlers under ``{base_url}autopilot/api/``: thin, authenticated, all work in the service."""

from __future__ import annotations

import json
import logging
from functools import lru_cache, partial
from importlib.resources import files
from urllib.parse import quote

import anyio
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from pydantic import ValidationError
from tornado import web

from ..errors import AutopilotError, InvalidParameter, UpstreamTimeout
from ..jsonutil import dumps
from ..service.models import Error, PredictionsRequest, ViewModel

log = logging.getLogger(__name__)

AUTH_RESOURCE = "autopilot"
NAMESPACE = "autopilot/api"
_SEGMENT = r"[^/]+"
GZIP_MIN_BYTES = 32 * 1024
KNOWN_SOURCES = ("local", "aws")
SOURCE_NAMES = {"aws": "AWS", "local": "The local jobs folder"}
TRUE_FALSE = {"true": True, "1": True, "false": False, "0": False}


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name RFC 5987-encoded (UTF-8)."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;' else "_" for ch in filename) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def error_body(exc: AutopilotError) -> bytes:
    """The JSON of an error answer (the Error model)."""
    extra = {k: v for k, v in exc.extra.items() if k in ("file", "output", "field") and isinstance(v, str)}
    return Error(message=exc.message, code=exc.code, request_id=exc.request_id, **extra).to_json()


def request_error(exc: ValidationError, shape: str) -> str:
    """A request body's first error, starting with the field it is about."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    if not field:
        return f"The body is a JSON object: {shape}."
    if first.get("type") == "extra_forbidden":
        return f"{field}: not a field of this request; the body is {shape}."
    return f"{field}: {first.get('msg', 'invalid')}."


def header_value(text: str) -> str:
    """Any text as a safe header value: RFC 5987 ``UTF-8''`` percent-encoding (no CR/LF, ASCII only)."""
    return f"UTF-8''{quote(text, safe='')}"


class AutopilotHandler(APIHandler):
    """Base: runs a blocking service call in a bounded worker pool, maps errors to JSON."""

    auth_resource = AUTH_RESOURCE

    @property
    def service(self):
        return self.settings["autopilot_service"]

    @property
    def source_id(self) -> str | None:
        source = self.path_kwargs.get("source")
        return source if source in KNOWN_SOURCES else None

    def _limiter(self) -> anyio.CapacityLimiter:
        """One bounded pool per source (created on the server's event loop): hung AWS calls never
        take the threads that local jobs (or the sources list) need."""
        limiters = self.settings.setdefault("autopilot_limiters", {})
        key = self.source_id or "_other"
        if key not in limiters:
            limiters[key] = anyio.CapacityLimiter(self.settings.get("autopilot_max_workers", 8))
        return limiters[key]

    async def call(self, fn, *args, **kwargs):
        limiter = self._limiter()
        with anyio.fail_after(self.settings.get("autopilot_request_timeout", 120)):
            return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=limiter, abandon_on_cancel=True)

    async def respond(self, fn, *args, render=None, **kwargs):
        """Run ``fn`` off the event loop; answer its result (as JSON, or through ``render``) or its error."""
        try:
            result = await self.call(fn, *args, **kwargs)
        except TimeoutError:
            seconds = self.settings.get("autopilot_request_timeout", 120)
            who = SOURCE_NAMES.get(self.source_id or "", "The server")
            self.send_error_json(
                UpstreamTimeout(f"{who} took too long to answer (over {seconds:g} s); retry, or raise request_timeout.")
            )
            return
        except AutopilotError as exc:
            self.send_error_json(exc)
            return
        except Exception:  # never leak internals: log them, answer a fixed message
            self.log.exception("jupyter_autopilot: unexpected error on %s", self.request.path)
            self.set_status(500)
            message = "Internal error in jupyter-autopilot; the server log has the details."
            self.finish(Error(message=message, code="InternalError").to_json())
            return
        if render is None:
            self.finish_view(result)
        else:
            render(result)

    async def respond_view(self, view: str, source: str, job: str, candidate: str | None, fn, *args):
        """A view: straight from the cache of finished jobs when it is there (no thread, no AWS
        call, so a hung source never delays it), else computed by ``fn`` in the worker pool."""
        try:
            cached = self.service.peek(view, source, job, candidate)
        except AutopilotError:
            cached = None  # the slow path says what is wrong
        if cached is not None:
            self.finish_view(cached)
            return
        await self.respond(fn, *args)

    def finish_view(self, view: ViewModel):
        """Large answers (a 750-trial leaderboard is ~700 KB) go gzip-compressed when the client
        takes it; both forms of a finished job's views are made once (service.serialize)."""
        serialized = self.service.serialize(view)
        self.set_header("Vary", "Accept-Encoding")
        if len(serialized.body) >= GZIP_MIN_BYTES and "gzip" in self.request.headers.get("Accept-Encoding", ""):
            self.set_header("Content-Encoding", "gzip")
            self.finish(serialized.gzipped())
        else:
            self.finish(serialized.body)

    def send_error_json(self, exc: AutopilotError):
        self.set_status(exc.status)
        if exc.status == 429:
            self.set_header("Retry-After", "5")
        self.finish(error_body(exc))

    def json_body(self):
        """The request's JSON body; InvalidParameter (400) when it is not JSON."""
        try:
            return json.loads(self.request.body or b"null")
        except (ValueError, RecursionError):
            raise InvalidParameter("The body is not JSON.") from None

    def query(self, name: str, max_length: int = 8192):
        value = self.get_query_argument(name, None, strip=False)
        if value is not None and len(value) > max_length:
            raise InvalidParameter(f"Query parameter {name} is too long.")
        return value


@lru_cache(maxsize=1)
def _openapi_text() -> str:
    """The OpenAPI document shipped in the package, read once."""
    return files("jupyter_autopilot.rest").joinpath("openapi.json").read_text(encoding="utf-8")


class SourcesHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self):
        await self.respond(self.service.sources)


class OpenAPIHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self):
        self.finish(_openapi_text())


class JobsHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source):
        try:
            params = {
                "name_contains": self.query("nameContains", 63),
                "status": self.query("status", 20),
                "next_token": self.query("nextToken"),
            }
        except AutopilotError as exc:
            self.send_error_json(exc)
            return
        await self.respond(self.service.list_jobs, source, **params)

    @web.authenticated
    @authorized
    async def post(self, source):
        """Create a job (the "write" permission): 201 with its view, as GET jobs/{name} answers."""
        try:
            body = self.json_body()
        except AutopilotError as exc:
            self.send_error_json(exc)
            return
        root = self.settings.get("server_root_dir") or "."

        def render(view):
            self.set_status(201)
            self.set_header("Location", url_path_join(self.request.path, quote(view.name, safe="")))
            self.finish(view.to_json())

        await self.respond(self.service.create_job, source, body, root, render=render)


class JobPreviewHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def post(self, source):
        """What POST jobs would do with this body (each field's error, the exact request), doing nothing."""
        try:
            body = self.json_body()
        except AutopilotError as exc:
            self.send_error_json(exc)
            return
        root = self.settings.get("server_root_dir") or "."
        await self.respond(self.service.preview_job, source, body, root)


class JobStopHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def post(self, source, job):
        """Stop a job (the "write" permission): 202 with its view (Stopping, then Stopped)."""

        def render(view):
            self.set_status(202)
            self.finish(view.to_json())

        await self.respond(self.service.stop_job, source, job, render=render)


class JobHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job):
        await self.respond_view("job", source, job, None, self.service.job, source, job)


class CandidatesHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job):
        await self.respond_view("candidates", source, job, None, self.service.candidates, source, job)


class CandidateViewHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job, candidate, view):
        await self.respond_view(view, source, job, candidate, getattr(self.service, view), source, job, candidate)


class ExplanationHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def post(self, source, job, candidate):
        """Compute a local candidate's missing explanation (the "write" permission): 202 with its
        explainability view, which says it is being computed."""

        def render(view):
            self.set_status(202)
            self.finish(view.to_json())

        await self.respond(self.service.compute_explanation, source, job, candidate, render=render)


class PredictionsHandler(AutopilotHandler):
    """POST: a local candidate's predictions on a CSV under the Jupyter root ("write" permission)."""

    @web.authenticated
    @authorized
    async def post(self, source, job, candidate):
        try:
            body = json.loads(self.request.body or b"{}")
        except (ValueError, RecursionError):
            body = None
        try:
            request = PredictionsRequest.model_validate(body, strict=True)
        except ValidationError as exc:
            self.send_error_json(InvalidParameter(request_error(exc, '{"input": "<path of a CSV under the root>"}')))
            return
        root = self.settings.get("server_root_dir") or "."

        def render(result):
            self.set_status(201)
            self.finish(result.to_json())

        from ..predictions import predict_file

        await self.respond(
            predict_file,
            self.service,
            root,
            source,
            job,
            candidate,
            request.input,
            request.overwrite,
            render=render,
        )


class CompareHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job):
        try:
            names = self.query("candidates", 4096)
        except AutopilotError as exc:
            self.send_error_json(exc)
            return
        await self.respond(self.service.compare, source, job, names)


class ShapMatrixHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job):
        try:
            candidates, top = self.query("candidates", 8), self.query("top", 8)
        except AutopilotError as exc:
            self.send_error_json(exc)
            return
        await self.respond(self.service.shap_matrix, source, job, candidates, top)


class DeploymentsHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job, candidate):
        await self.respond(self.service.deployments, source, job, candidate)


class _Created(AutopilotHandler):
    """POST a JSON body to a service call; 201 with its answer ("write" permission)."""

    action = ""

    @web.authenticated
    @authorized
    async def post(self, source, job, candidate):
        try:
            body = self.json_body()
        except AutopilotError as exc:
            self.send_error_json(exc)
            return

        def render(view):
            self.set_status(201)
            self.finish(view.to_json())

        await self.respond(getattr(self.service, self.action), source, job, candidate, body, render=render)


class EndpointsHandler(_Created):
    """POST: deploy the candidate to a real-time endpoint (CreateModel, ...Config, CreateEndpoint)."""

    action = "deploy"


class TransformJobsHandler(_Created):
    """POST: a batch transform job of the candidate (CreateModel, CreateTransformJob)."""

    action = "transform"


class EndpointHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def delete(self, source, job, candidate, endpoint):
        """Delete an endpoint made from this candidate ("write"): 202 with it, Deleting."""

        def render(view):
            self.set_status(202)
            self.finish(view.to_json())

        await self.respond(self.service.delete_endpoint, source, job, candidate, endpoint, render=render)


class NotebookHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job, kind):
        def render(result):
            self.set_header("X-Autopilot-Notebook-Name", header_value(result["name"]))
            self.finish(dumps(result["content"]))

        await self.respond(self.service.notebook, source, job, kind, render=render)


class ReportHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source, job, candidate, kind):
        def render(result):
            data, content_type, filename = result
            self.set_header("Content-Disposition", content_disposition(filename))
            self.set_header("X-Content-Type-Options", "nosniff")
            self.finish(data, set_content_type=content_type)

        await self.respond(self.service.report, source, job, candidate, kind, render=render)


class ExperimentsHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source):
        await self.respond(self.service.experiments, source)


class TrialComponentsHandler(AutopilotHandler):
    @web.authenticated
    @authorized
    async def get(self, source):
        value = self.get_query_argument("unassigned", "true", strip=False).lower()
        if value not in TRUE_FALSE:
            self.send_error_json(InvalidParameter("unassigned must be true or false."))
            return
        await self.respond(self.service.trial_components, source, TRUE_FALSE[value])


def routes() -> list[tuple[str, type]]:
    s, j, c = (f"(?P<source>{_SEGMENT})", f"(?P<job>{_SEGMENT})", f"(?P<candidate>{_SEGMENT})")
    return [
        ("sources", SourcesHandler),
        ("openapi.json", OpenAPIHandler),
        (f"{s}/jobs", JobsHandler),
        (f"{s}/job-preview", JobPreviewHandler),
        (f"{s}/jobs/{j}", JobHandler),
        (f"{s}/jobs/{j}/stop", JobStopHandler),
        (f"{s}/jobs/{j}/candidates", CandidatesHandler),
        (f"{s}/jobs/{j}/compare", CompareHandler),
        (f"{s}/jobs/{j}/shap-matrix", ShapMatrixHandler),
        (f"{s}/jobs/{j}/candidates/{c}/(?P<view>explainability|performance|artifacts|network)", CandidateViewHandler),
        (f"{s}/jobs/{j}/candidates/{c}/reports/(?P<kind>{_SEGMENT})", ReportHandler),
        (f"{s}/jobs/{j}/candidates/{c}/explanation", ExplanationHandler),
        (f"{s}/jobs/{j}/candidates/{c}/predictions", PredictionsHandler),
        (f"{s}/jobs/{j}/candidates/{c}/deployments", DeploymentsHandler),
        (f"{s}/jobs/{j}/candidates/{c}/endpoints", EndpointsHandler),
        (f"{s}/jobs/{j}/candidates/{c}/endpoints/(?P<endpoint>{_SEGMENT})", EndpointHandler),
        (f"{s}/jobs/{j}/candidates/{c}/transform-jobs", TransformJobsHandler),
        (f"{s}/jobs/{j}/notebooks/(?P<kind>{_SEGMENT})", NotebookHandler),
        (f"{s}/experiments", ExperimentsHandler),
        (f"{s}/trial-components", TrialComponentsHandler),
    ]


def setup_handlers(web_app, *, max_workers: int = 8, request_timeout: float = 120) -> None:
    base_url = web_app.settings.get("base_url", "/")
    web_app.settings["autopilot_max_workers"] = max_workers
    web_app.settings["autopilot_request_timeout"] = request_timeout
    web_app.settings["autopilot_limiters"] = {}
    handlers = [(url_path_join(base_url, NAMESPACE, pattern) + "/?$", handler) for pattern, handler in routes()]
    web_app.add_handlers(".*$", handlers)
