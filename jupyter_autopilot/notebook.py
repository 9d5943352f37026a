"""The notebook API: Autopilot jobs and candidates as pandas DataFrames, plotly figures and rich outputs.

(Over 1,000 lines for now: objects, DataFrame builders and the HTML fallback share this file. The
foundation issue splits it into notebook/{objects, frames, html}; the deciding helpers already
live in decide.py and the predictions in runner/models.py.)

Everything here goes through :class:`~jupyter_autopilot.service.AutopilotService`, the service the
REST API uses, and through :mod:`jupyter_autopilot.figures`, so a notebook and the JupyterLab UI
always show the same numbers and the same charts.

>>> from jupyter_autopilot import AutoMLJob
>>> job = AutoMLJob("demo-binary", source="local")
>>> job.leaderboard()                         # DataFrame, best candidate first
>>> cand = job.best_candidate                 # Candidate, or None
>>> cand.shap_values()                        # DataFrame: feature, importance (descending)
>>> cand.shap_figure()                        # plotly Figure

Errors are the service's own exceptions (:mod:`jupyter_autopilot.errors`), with the messages the
REST API answers: ``InvalidName``, ``UnknownSource``, ``JobNotFound``, ``CandidateNotFound``,
``ExplainabilityNotAvailable`` / ``ModelInsightsNotAvailable`` (with the reason the UI shows), ...

Rich display
------------
``AutoMLJob`` and ``Candidate`` objects display as three representations:

* ``application/vnd.jupyter-autopilot+json``: the REST API's view models (see docs/ARCHITECTURE.md),
  drawn by this extension's own renderer in JupyterLab, with no server call;
* ``text/html``: a static fallback for every other front end (classic Notebook, VS Code,
  nbconvert, GitHub). It is plain HTML tables with inline styles and no JavaScript, so it reads
  offline and in sanitising viewers, and stays a few kilobytes: embedding plotly.js would add
  about 4.6 MB to every output, and loading it from a CDN fails without network. The SHAP chart
  is drawn as a bar table with the very features, order, top-N cut and title of
  :func:`jupyter_autopilot.figures.shap_bar`; ``cand.shap_figure()`` gives the interactive plotly
  figure, displayed by plotly's own renderers. Every data string is HTML-escaped;
* ``text/plain``: one line.
"""

from __future__ import annotations

import copy
import html
import json
import math
import threading
from pathlib import Path
from typing import Any

import pandas as pd

from . import decide, figures
from .config import default_jobs_dir
from .errors import (
    AutopilotError,
    CandidateNotFound,
    ExplainabilityNotAvailable,
    InvalidParameter,
    ModelInsightsNotAvailable,
)
from .jsonutil import dumps, number
from .names import check_candidate_name, check_job_name
from .service import AutopilotService
from .timeutil import parse_time
from .wiring import ServiceSettings, create_service

__all__ = ["AutoMLJob", "Candidate", "MIME_TYPE", "get_service", "clear_service_cache"]

MIME_TYPE = "application/vnd.jupyter-autopilot+json"
DEFAULT_TOP_FEATURES = 20
HTML_MAX_ROWS = 50  # leaderboard rows in the HTML fallback; job.leaderboard() has them all
_MAX_LIST_PAGES = 1000  # safety cap on list() paging

LEADERBOARD_FIXED = ("candidate", "status", "is_best", "rank", "creation_time", "end_time", "duration_seconds")

# -------------------------------------------------------------------------------------------------
# services: one per settings tuple, shared by every AutoMLJob of this kernel

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


def _progress(bar, count: int, planned, line: str):
    """A tqdm bar (made on first use) showing ``count`` of ``planned``; None without tqdm."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    if bar is None:
        bar = tqdm(total=planned, unit="candidate")
    bar.total = planned
    bar.n = count
    bar.set_description_str(line.split(",")[0])
    bar.set_postfix_str(line.split(":", 1)[-1].strip(), refresh=True)
    return bar


def clear_service_cache() -> None:
    """Forget every cached service (and what it read): new credentials or files are picked up."""
    with _services_lock:
        services = list(_services.values())
        _services.clear()
    for service in services:
        service.close()


# -------------------------------------------------------------------------------------------------
# small helpers


def _float(value) -> float:
    n = number(value)
    return float("nan") if n is None else n


def _timestamps(values) -> pd.Series:
    """ISO 8601 strings (or None) → a Series of UTC Timestamps (NaT when missing)."""
    parsed = [parse_time(v) for v in values]
    return pd.Series([pd.Timestamp(v) if v is not None else pd.NaT for v in parsed], dtype="datetime64[ns, UTC]")


def _timestamp(value):
    dt = parse_time(value)
    return pd.Timestamp(dt) if dt is not None else None


def _strict_json(obj) -> Any:
    """``obj`` as plain, strictly valid JSON data (no NaN/Infinity, only JSON types)."""
    return json.loads(dumps(obj))


def _metric_column(metric: dict) -> str | None:
    name = metric.get("name")
    if not name:
        return None
    st = metric.get("set")
    return str(name) if st in (None, "", "Validation") else f"{name} ({st})"


def _integral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as nullable integers when every present value is a whole number."""
    values = [v for v in frame.to_numpy(dtype="float64").ravel() if not math.isnan(v)]
    if values and all(float(v).is_integer() for v in values):
        return frame.astype("Int64")
    return frame


# -------------------------------------------------------------------------------------------------
# HTML fallback (static, no JavaScript; every data string escaped)

_E = html.escape
_STYLE_TABLE = "border-collapse:collapse;margin:4px 0 10px 0;font-size:12px"
_STYLE_TH = "text-align:left;padding:2px 8px;border-bottom:1px solid #ccc;font-weight:600"
_STYLE_TD = "text-align:left;padding:2px 8px;border-bottom:1px solid #eee;vertical-align:top"
_STYLE_NUM = "text-align:right;padding:2px 8px;border-bottom:1px solid #eee;font-variant-numeric:tabular-nums"
_STYLE_H = "margin:10px 0 4px 0;font-size:13px;font-weight:600"
_STYLE_NOTE = "margin:2px 0 8px 0;font-size:11px;opacity:0.75"


def _text(value) -> str:
    return "—" if value is None or value == "" else _E(str(value))


def _num(value) -> str:
    n = number(value)
    if n is None:
        return "—"
    if float(n).is_integer() and abs(n) < 1e15:
        return f"{int(n):,}"
    return _E(f"{n:.6g}")


def _when(value) -> str:
    dt = parse_time(value)
    return "—" if dt is None else _E(dt.strftime("%Y-%m-%d %H:%M:%S UTC"))


def _duration(seconds) -> str:
    s = number(seconds)
    if s is None:
        return "—"
    s = int(round(s))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}h {m:02d}m" if h else (f"{m}m {sec:02d}s" if m else f"{sec}s")


def _kv_table(rows) -> str:
    body = "".join(
        f'<tr><th style="{_STYLE_TH}" scope="row">{_E(k)}</th><td style="{_STYLE_TD}">{v}</td></tr>'
        for k, v in rows
        if v is not None
    )
    return f'<table style="{_STYLE_TABLE}">{body}</table>'


def _table(headers, rows, numeric=()) -> str:
    head = "".join(f'<th style="{_STYLE_TH}">{_E(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td style="{_STYLE_NUM if i in numeric else _STYLE_TD}">{cell}</td>' for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<table style="{_STYLE_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _wrap(inner: str, kind: str) -> str:
    return (
        f'<div class="jp-autopilot-fallback jp-autopilot-fallback-{kind}" '
        f"style=\"font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:12px\">"
        f"{inner}</div>"
    )


def _shap_html(features: list[dict], label: str | None, top: int) -> str:
    """The SHAP bar chart as HTML: what :func:`figures.shap_bar` draws (same ranking, cut, title)."""
    ranked = [f for f in features if f.get("importance") is not None]
    ranked.sort(key=lambda f: -f["importance"])
    shown = ranked if not top or top <= 0 else ranked[:top]
    title = "Aggregated SHAP values (feature importance)"
    if label:
        title += f" — label {label}"
    if len(shown) < len(ranked):
        title += f" — top {len(shown)} of {len(ranked)}"
    peak = max((abs(f["importance"]) for f in shown), default=0.0) or 1.0
    rows = []
    for f in shown:
        width = max(0.0, min(100.0, 100.0 * abs(f["importance"]) / peak))
        bar = (
            f'<div style="background:var(--jp-brand-color1, #1976d2);height:12px;width:{width:.1f}%;min-width:1px" '
            f'role="presentation"></div>'
        )
        rows.append([_text(f["name"]), f'<div style="width:240px">{bar}</div>', _num(f["importance"])])
    return f'<div style="{_STYLE_H}">{_E(title)}</div>' + _table(
        ["Feature", "mean |SHAP value|", ""], rows, numeric=(2,)
    )


# -------------------------------------------------------------------------------------------------
# AutoMLJob


class AutoMLJob:
    """One Autopilot job, from AWS (``source="aws"``, the default) or a local jobs folder.

    ``region``, ``profile`` and ``endpoint_url`` choose the AWS account and region (botocore's
    chain when omitted); ``jobs_dir`` the local jobs folder. ``service`` injects a ready
    :class:`AutopilotService` (tests). The job is described at once, so a wrong name raises
    ``InvalidName`` or ``JobNotFound`` here.
    """

    def __init__(
        self,
        name: str,
        source: str = "aws",
        *,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        jobs_dir=None,
        service: AutopilotService | None = None,
    ):
        check_job_name(name)
        self.name = name
        self.source = source
        self.service = (
            service
            if service is not None
            else get_service(region=region, profile=profile, endpoint_url=endpoint_url, jobs_dir=jobs_dir)
        )
        self.service.source(source)  # UnknownSource, with the REST API's message
        self.service.job(source, name)  # JobNotFound now rather than later

    # -- creating, stopping, waiting --------------------------------------------------------------
    @classmethod
    def create(
        cls,
        name: str,
        *,
        input,
        target: str,
        source: str = "local",
        problem_type: str | None = None,
        objective: str | None = None,
        mode: str | None = None,
        max_candidates: int | None = None,
        max_runtime_seconds: int | None = None,
        jobs_dir=None,
    ) -> AutoMLJob:
        """Start an AutoML job on a CSV (``source="local"``: the local runner, in a process of its
        own) with the REST API's checks and messages; returns the job (InProgress). Follow it with
        ``job.wait()``; stop it with ``job.stop()``."""
        path = Path(input).expanduser().resolve()
        body = {
            "name": name,
            "input": str(path.relative_to(path.anchor)),
            "target": target,
            "problemType": problem_type,
            "objective": objective,
            "mode": mode,
            "maxCandidates": max_candidates,
            "maxRuntimeSeconds": max_runtime_seconds,
        }
        service = get_service(jobs_dir=jobs_dir)
        service.create_job(source, {k: v for k, v in body.items() if v is not None}, path.anchor)
        return cls(name, source, service=service)

    def stop(self) -> dict:
        """Stop the job (its runner ends it Stopped, keeping the candidates it finished)."""
        return self.service.stop_job(self.source, self.name)

    def wait(self, *, progress: bool = True, poll_seconds: float = 2.0, timeout: float | None = None) -> AutoMLJob:
        """Block until the job ends (Completed, Failed or Stopped); with ``progress``, a progress
        bar of its stage and candidates (tqdm when installed, else one line per change)."""
        import time

        started = time.monotonic()
        bar = None
        last = None
        try:
            while True:
                view = self.service.job(self.source, self.name)
                done = view.get("status") in ("Completed", "Failed", "Stopped")
                count = len((self.service.candidates(self.source, self.name) or {}).get("candidates") or [])
                planned = (view.get("completionCriteria") or {}).get("maxCandidates") or None
                line = f"{self.name}: {view.get('secondaryStatus') or view.get('status')}, {count} candidate(s)"
                if progress:
                    bar = _progress(bar, count, planned, line)
                    if bar is None and line != last:
                        print(line, flush=True)
                last = line
                if done:
                    return self
                if timeout is not None and time.monotonic() - started > timeout:
                    raise TimeoutError(f"AutoML job {self.name!r} is still running after {timeout:g} s.")
                time.sleep(poll_seconds)
        finally:
            if bar is not None:
                bar.close()

    # -- views --------------------------------------------------------------------------------
    @property
    def info(self) -> dict:
        """The job view of the REST API (camelCase dict); re-read while the job runs."""
        return self.service.job(self.source, self.name)

    def _candidates_view(self) -> dict:
        return self.service.candidates(self.source, self.name)

    # -- properties ---------------------------------------------------------------------------
    @property
    def status(self) -> str | None:
        return self.info.get("status")

    @property
    def secondary_status(self) -> str | None:
        return self.info.get("secondaryStatus")

    @property
    def is_terminal(self) -> bool:
        return bool(self.info.get("isTerminal"))

    @property
    def problem_type(self) -> str | None:
        return self.info.get("problemType")

    @property
    def objective(self) -> dict:
        """``{"metric", "direction", "requested", "resolved"}``, e.g. F1 / Maximize."""
        return dict(self.info.get("objective") or {})

    @property
    def objective_metric(self) -> str | None:
        return self.objective.get("metric")

    @property
    def target_attribute(self) -> str | None:
        return self.info.get("targetAttribute")

    @property
    def failure_reason(self) -> str | None:
        return self.info.get("failureReason")

    @property
    def creation_time(self):
        return _timestamp(self.info.get("creationTime"))

    @property
    def end_time(self):
        return _timestamp(self.info.get("endTime"))

    @property
    def best_candidate_name(self) -> str | None:
        return self.info.get("bestCandidate")

    # -- candidates ---------------------------------------------------------------------------
    def leaderboard(self) -> pd.DataFrame:
        """One row per candidate, best first (the UI's trials table order).

        Columns: ``candidate``, ``status``, the objective value (named after the metric, e.g.
        ``F1``), every candidate metric (Validation set as ``<name>``, other sets as
        ``<name> (Train)``...), ``is_best``, ``rank``, ``creation_time``, ``end_time`` (UTC
        Timestamps) and ``duration_seconds``. The objective's own Validation metric is the
        objective column.
        """
        return _leaderboard_frame(self._candidates_view())

    @property
    def candidates(self) -> list:
        """Every candidate, in leaderboard order."""
        return [Candidate(self, row) for row in self._candidates_view().get("candidates") or []]

    @property
    def best_candidate(self) -> Candidate | None:
        """The job's best candidate, or None (failed or stopped early, still running)."""
        view = self._candidates_view()
        best = view.get("bestCandidate")
        if not best:
            return None
        for row in view.get("candidates") or []:
            if row.get("name") == best:
                return Candidate(self, row)
        return None

    def candidate(self, name: str) -> Candidate:
        """The candidate named ``name``; raises ``InvalidName`` or ``CandidateNotFound``."""
        check_candidate_name(name)
        for row in self._candidates_view().get("candidates") or []:
            if row.get("name") == name:
                return Candidate(self, row)
        # the service's message, as the REST API answers it
        raise CandidateNotFound(f"Candidate {name!r} not found in AutoML job {self.name!r}.")

    # -- deciding -----------------------------------------------------------------------------
    def compare(self, names) -> pd.DataFrame:
        """Candidates side by side: one column per candidate (named by it, in the order given),
        one row per metric (index ``("Validation", "F1")``, ``("Train", "F1")``...) and per
        hyperparameter (``("hyperparameter", "max_depth")``), the ones that differ first."""
        if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
            raise InvalidParameter("compare() takes a list of candidate names.")
        if len(set(names)) != len(names):
            raise InvalidParameter("compare(): each candidate once.")
        candidates = [self.candidate(name) for name in names]
        return decide.compare_frame([c._row for c in candidates], [c.hyperparameters for c in candidates])

    def shap_matrix(self, top: int | None = 20) -> pd.DataFrame:
        """SHAP across candidates: index = candidates (leaderboard order), columns = the ``top``
        features, values = each candidate's mean |SHAP| of the feature as its share of the
        candidate's total (so candidates whose SHAP values are in different units compare).
        Candidates without explainability output are left out."""
        if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
            raise InvalidParameter("top must be a positive whole number (or None for every feature).")
        explained = []
        for cand in self.candidates:
            view = cand._explainability()
            if view.get("available"):
                explained.append((cand.name, view.get("labels") or []))
        return decide.shap_shares(explained, top)

    # -- listing ------------------------------------------------------------------------------
    @classmethod
    def list(
        cls,
        source: str = "aws",
        name_contains: str | None = None,
        status: str | None = None,
        *,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        jobs_dir=None,
        service: AutopilotService | None = None,
    ) -> pd.DataFrame:
        """Every job of the source (all pages), newest first, as a DataFrame.

        ``name_contains`` and ``status`` (Completed, InProgress, Failed, Stopped, Stopping) filter
        as in the UI's job list.
        """
        service = (
            service
            if service is not None
            else get_service(region=region, profile=profile, endpoint_url=endpoint_url, jobs_dir=jobs_dir)
        )
        jobs: list[dict] = []
        token, seen = None, set()
        for _ in range(_MAX_LIST_PAGES):
            page = service.list_jobs(source, name_contains=name_contains, status=status, next_token=token)
            jobs.extend(page.get("jobs") or [])
            token = page.get("nextToken")
            if not token or token in seen:
                break
            seen.add(token)
        return _jobs_frame(jobs)

    # -- display ------------------------------------------------------------------------------
    def _payload(self) -> dict:
        return _strict_json(
            {"kind": "job", "source": self.source, "job": self.info, "candidates": self._candidates_view()}
        )

    def _html(self, payload: dict) -> str:
        job, cands = payload["job"], payload["candidates"]
        objective = job.get("objective") or {}
        metric = objective.get("metric")
        best = job.get("bestCandidate")
        best_row = next((c for c in cands.get("candidates") or [] if c.get("name") == best), None)
        summary = _kv_table(
            [
                (
                    "Status",
                    _text(job.get("status"))
                    + (
                        f" ({_text(job.get('secondaryStatus'))})"
                        if job.get("secondaryStatus") not in (None, job.get("status"))
                        else ""
                    ),
                ),
                ("Problem type", _text(job.get("problemType"))),
                (
                    "Objective",
                    _text(metric) + (f" ({_text(objective.get('direction'))})" if objective.get("direction") else ""),
                ),
                ("Target", _text(job.get("targetAttribute"))),
                (
                    "Best candidate",
                    (_text(best) + (f" — {_text(metric)} {_num(best_row.get('objectiveValue'))}" if best_row else ""))
                    if best
                    else "none",
                ),
                ("Candidates", _num(len(cands.get("candidates") or []))),
                ("Created", _when(job.get("creationTime"))),
                ("Ended", _when(job.get("endTime"))),
                ("Duration", _duration(job.get("durationSeconds"))),
                ("Failure reason", _text(job.get("failureReason")) if job.get("failureReason") else None),
                ("Source", _text(self.source)),
            ]
        )
        rows = []
        all_rows = cands.get("candidates") or []
        for c in all_rows[:HTML_MAX_ROWS]:
            rows.append(
                [
                    _num(c.get("rank")),
                    _text(c.get("name")) + (" ★" if c.get("isBest") else ""),
                    _text(c.get("status")),
                    _num(c.get("objectiveValue")),
                    _duration(c.get("durationSeconds")),
                ]
            )
        table = _table(["Rank", "Candidate", "Status", metric or "Objective", "Duration"], rows, numeric=(0, 3))
        more = (
            f'<div style="{_STYLE_NOTE}">Showing {HTML_MAX_ROWS} of {len(all_rows)} candidates; '
            f"<code>job.leaderboard()</code> returns all of them.</div>"
            if len(all_rows) > HTML_MAX_ROWS
            else ""
        )
        return _wrap(
            f'<div style="{_STYLE_H}">Autopilot job {_text(job.get("name") or self.name)}</div>'
            + summary
            + f'<div style="{_STYLE_H}">Trials, best first</div>'
            + table
            + more,
            "job",
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            payload = self._payload()
        except AutopilotError as exc:
            return _error_bundle(f"Autopilot job {self.name}", exc)
        return {MIME_TYPE: payload, "text/html": self._html(payload), "text/plain": self._plain(payload)}

    def _plain(self, payload: dict | None = None) -> str:
        try:
            payload = payload or self._payload()
        except AutopilotError as exc:
            return f"<AutoMLJob {self.name!r} ({self.source}): {exc.message}>"
        job, cands = payload["job"], payload["candidates"]
        metric = (job.get("objective") or {}).get("metric")
        best = job.get("bestCandidate")
        row = next((c for c in cands.get("candidates") or [] if c.get("name") == best), None)
        best_text = (
            (
                f"best {best}"
                + (f" {metric}={row['objectiveValue']:.6g}" if row and row.get("objectiveValue") is not None else "")
            )
            if best
            else "no best candidate"
        )
        return (
            f"<AutoMLJob {self.name!r} ({self.source}): {job.get('status')}, {job.get('problemType')}, "
            f"{len(cands.get('candidates') or [])} candidates, {best_text}>"
        )

    def __repr__(self) -> str:
        return self._plain()


def _leaderboard_frame(view: dict) -> pd.DataFrame:
    metric = (view.get("objective") or {}).get("metric")
    objective_col = metric or "objective_value"
    if objective_col in LEADERBOARD_FIXED:
        objective_col = f"{objective_col} (objective)"
    rows = view.get("candidates") or []
    metric_cols: dict = {}  # column -> 0 for the Validation set, 1 for the others
    values: list[dict] = []
    for row in rows:
        found = {}
        for m in row.get("metrics") or []:
            col = _metric_column(m)
            if col is None or col == objective_col:
                continue
            if col in LEADERBOARD_FIXED:
                col = f"{col} (metric)"
            metric_cols.setdefault(col, 0 if m.get("set") in (None, "", "Validation") else 1)
            found[col] = m.get("value")
        values.append(found)
    # Validation metrics first, then other sets, each in first-seen order
    ordered = sorted(metric_cols, key=lambda c: metric_cols[c])  # stable: first-seen order within a group
    data: dict[str, Any] = {
        "candidate": pd.Series([r.get("name") for r in rows], dtype="object"),
        "status": pd.Series([r.get("status") for r in rows], dtype="object"),
        objective_col: pd.Series([_float(r.get("objectiveValue")) for r in rows], dtype="float64"),
    }
    for col in ordered:
        data[col] = pd.Series([_float(v.get(col)) for v in values], dtype="float64")
    data["is_best"] = pd.Series([bool(r.get("isBest")) for r in rows], dtype="bool")
    data["rank"] = pd.Series([r.get("rank") for r in rows], dtype="Int64")
    data["creation_time"] = _timestamps(r.get("creationTime") for r in rows)
    data["end_time"] = _timestamps(r.get("endTime") for r in rows)
    data["duration_seconds"] = pd.Series([_float(r.get("durationSeconds")) for r in rows], dtype="float64")
    frame = pd.DataFrame(data)
    frame.attrs.update(
        {"job": view.get("job"), "objective": dict(view.get("objective") or {}), "objective_column": objective_col}
    )
    return frame


def _jobs_frame(jobs: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": pd.Series([j.get("name") for j in jobs], dtype="object"),
            "status": pd.Series([j.get("status") for j in jobs], dtype="object"),
            "secondary_status": pd.Series([j.get("secondaryStatus") for j in jobs], dtype="object"),
            "creation_time": _timestamps(j.get("creationTime") for j in jobs),
            "end_time": _timestamps(j.get("endTime") for j in jobs),
            "last_modified_time": _timestamps(j.get("lastModifiedTime") for j in jobs),
            "failure_reason": pd.Series([j.get("failureReason") for j in jobs], dtype="object"),
            "arn": pd.Series([j.get("arn") for j in jobs], dtype="object"),
        }
    )


def _error_bundle(title: str, exc: AutopilotError) -> dict:
    return {
        "text/plain": f"{title}: {exc.message}",
        "text/html": _wrap(
            f'<div style="{_STYLE_H}">{_E(title)}</div><div style="{_STYLE_NOTE}">{_E(exc.message)}</div>', "error"
        ),
    }


# -------------------------------------------------------------------------------------------------
# Candidate


class Candidate:
    """One candidate (trial) of an :class:`AutoMLJob`; get it from ``job.candidate(name)``,
    ``job.best_candidate`` or ``job.candidates``."""

    def __init__(self, job: AutoMLJob, row: dict):
        self.job = job
        self._row = copy.deepcopy(row)  # the service caches its views: never share them

    # -- identity and leaderboard fields ---------------------------------------------------------
    @property
    def name(self) -> str:
        return self._row["name"]

    @property
    def info(self) -> dict:
        """This candidate's row of the REST API's candidates view (camelCase dict)."""
        return copy.deepcopy(self._row)

    @property
    def status(self) -> str | None:
        return self._row.get("status")

    @property
    def is_best(self) -> bool:
        return bool(self._row.get("isBest"))

    @property
    def rank(self) -> int | None:
        return self._row.get("rank")

    @property
    def objective_value(self) -> float | None:
        return self._row.get("objectiveValue")

    @property
    def objective_metric(self) -> str | None:
        return self._row.get("objectiveMetric")

    @property
    def failure_reason(self) -> str | None:
        return self._row.get("failureReason")

    @property
    def has_explainability(self) -> bool:
        return bool(self._row.get("hasExplainability"))

    @property
    def has_model_insights(self) -> bool:
        return bool(self._row.get("hasModelInsights"))

    # -- service views -------------------------------------------------------------------------
    def predict(self, data) -> pd.DataFrame:
        """Predictions of this (local-runner) candidate on a DataFrame or a CSV file: column
        ``predicted_label`` and, for classifiers, ``probability_<class>`` for each class, one row
        per input row (same index). Columns the model needs and the input lacks raise
        ``InvalidParameter`` naming them; other columns are ignored. When the target column is
        present, ``.attrs`` has the score on it (``accuracy``, or ``mse`` and ``r2``).

        Only a model trained by this user on this machine, with the installed library versions,
        is loaded (``ModelRefused`` otherwise: loading a model file runs its code)."""
        if isinstance(data, (str, Path)):
            from .predictions import read_frame

            path = Path(data).expanduser()
            if not path.is_file():
                raise InvalidParameter(f"{str(data)[:200]!r} is not a file.")
            data = read_frame(path, str(path))
        if not isinstance(data, pd.DataFrame):
            raise InvalidParameter("predict() takes a pandas DataFrame or the path of a CSV file.")
        predictions, summary = self.job.service.predict(self.job.source, self.job.name, self.name, data)
        predictions.attrs.update({k: v for k, v in summary.items() if v is not None})
        predictions.attrs.update({"job": self.job.name, "candidate": self.name})
        return predictions

    def threshold_table(self) -> pd.DataFrame:
        """Operating points of a binary classifier: columns ``threshold, tp, fp, tn, fn,
        precision, recall, f1, fpr``. Built from the model-quality report's ROC points and class
        totals, so ``threshold`` is NaN (the report keeps the points, not their thresholds)."""
        return decide.threshold_frame(self._performance().get("report") or {}, self.name)

    def _explainability(self) -> dict:
        return self.job.service.explainability(self.job.source, self.job.name, self.name)

    def _performance(self) -> dict:
        return self.job.service.performance(self.job.source, self.job.name, self.name)

    def _label_entry(self, view: dict, label) -> dict:
        if not view.get("available"):
            raise ExplainabilityNotAvailable(
                view.get("reason") or f"Candidate {self.name!r} has no explainability output."
            )
        labels = view.get("labels") or []
        if label is None:
            return labels[0]
        for entry in labels:
            if entry.get("label") == label or entry.get("label") == str(label):
                return entry
        known = ", ".join(repr(e.get("label")) for e in labels)
        raise ValueError(f"Candidate {self.name!r} has no SHAP values for label {label!r}; its labels are: {known}.")

    @property
    def labels(self) -> list:
        """The labels of the explainability output (one per class for a multiclass job;
        Autopilot names the single label of a binary or regression job ``label0``). Empty when
        the candidate has no explainability output."""
        view = self._explainability()
        return [entry.get("label") for entry in view.get("labels") or []] if view.get("available") else []

    def shap_values(self, label=None) -> pd.DataFrame:
        """Aggregated SHAP values (mean |SHAP|) of one label: columns ``feature``, ``importance``,
        most important first. ``label`` defaults to the first label, as the UI shows.

        Raises ``ExplainabilityNotAvailable`` (with the reason the UI shows) or ``ValueError``
        for an unknown label.
        """
        entry = self._label_entry(self._explainability(), label)
        features = entry.get("features") or []
        frame = pd.DataFrame(
            {
                "feature": pd.Series([f.get("name") for f in features], dtype="object"),
                "importance": pd.Series([_float(f.get("importance")) for f in features], dtype="float64"),
            }
        )
        frame = frame.sort_values("importance", ascending=False, na_position="last", kind="stable").reset_index(
            drop=True
        )
        frame.attrs.update(
            {
                "job": self.job.name,
                "candidate": self.name,
                "label": entry.get("label"),
                "expected_value": entry.get("expectedValue"),
            }
        )
        return frame

    def shap_figure(self, label=None, top: int | None = DEFAULT_TOP_FEATURES):
        """The UI's SHAP bar chart (a plotly Figure from :func:`figures.shap_bar`) for one label;
        ``top`` features (None or 0: all)."""
        view = self._explainability()
        entry = self._label_entry(view, label)
        multiple = len(view.get("labels") or []) > 1
        return figures.shap_bar(entry.get("features") or [], label=entry.get("label") if multiple else None, top=top)

    def _confusion(self) -> dict:
        view = self._performance()
        report = view.get("report") or {}
        if not report.get("available"):
            raise ModelInsightsNotAvailable(
                report.get("reason") or f"Candidate {self.name!r} has no model-quality report."
            )
        cm = report.get("confusionMatrix")
        if not cm or not cm.get("labels"):
            raise ModelInsightsNotAvailable(
                f"The model-quality report of candidate {self.name!r} has no confusion matrix"
                + (f" (problem type {report.get('problemType')})." if report.get("problemType") else ".")
            )
        return cm

    def confusion_matrix(self) -> pd.DataFrame:
        """The model-quality report's confusion matrix: rows ``actual``, columns ``predicted``.
        A row the evaluation data lacks is all missing (<NA>)."""
        cm = self._confusion()
        labels = list(cm["labels"])
        matrix = [[_float(v) for v in row] for row in cm["matrix"]]
        frame = pd.DataFrame(
            matrix,
            index=pd.Index(labels, name="actual", dtype="object"),
            columns=pd.Index(labels, name="predicted", dtype="object"),
        )
        return _integral_frame(frame)

    def confusion_matrix_figure(self, normalize: bool = False):
        """The UI's confusion-matrix heatmap (counts, or shares of each actual label)."""
        return figures.confusion_matrix(self._confusion(), normalize=normalize)

    def metrics(self) -> pd.DataFrame:
        """The model-quality report's metrics (with standard deviations; for the best candidate)
        and the candidate metrics of the job's records, as columns ``metric``, ``value``,
        ``standard_deviation``, ``set``, ``source`` ("model quality report" | "candidate metrics")."""
        view = self._performance()
        report = view.get("report") or {}
        rows = []
        if report.get("available"):
            for m in report.get("metrics") or []:
                rows.append(
                    (
                        m.get("name"),
                        _float(m.get("value")),
                        _float(m.get("standardDeviation")),
                        None,
                        "model quality report",
                    )
                )
        for m in view.get("candidateMetrics") or []:
            rows.append((m.get("name"), _float(m.get("value")), float("nan"), m.get("set"), "candidate metrics"))
        frame = pd.DataFrame(
            {
                "metric": pd.Series([r[0] for r in rows], dtype="object"),
                "value": pd.Series([r[1] for r in rows], dtype="float64"),
                "standard_deviation": pd.Series([r[2] for r in rows], dtype="float64"),
                "set": pd.Series([r[3] for r in rows], dtype="object"),
                "source": pd.Series([r[4] for r in rows], dtype="object"),
            }
        )
        frame.attrs.update(
            {
                "job": self.job.name,
                "candidate": self.name,
                "report_available": bool(report.get("available")),
                "report_reason": report.get("reason"),
            }
        )
        return frame

    @property
    def hyperparameters(self) -> dict:
        """The hyperparameters of the candidate's (last) training job, as the UI shows them."""
        return dict(self._explainability().get("hyperparameters") or {})

    @property
    def network(self) -> dict:
        """Network isolation, VPC, encryption: the REST API's network view."""
        return self.job.service.network(self.job.source, self.job.name, self.name)

    @property
    def artifacts(self) -> pd.DataFrame:
        """Every S3 location of the candidate: columns ``group`` (input | output | intermediate),
        ``name``, ``kind``, ``uri``."""
        view = self.job.service.artifacts(self.job.source, self.job.name, self.name)
        rows = [
            (group, item.get("name"), item.get("kind"), item.get("uri"))
            for group in ("inputs", "outputs", "intermediate")
            for item in view.get(group) or []
        ]
        return pd.DataFrame(
            {
                "group": pd.Series(
                    [{"inputs": "input", "outputs": "output"}.get(r[0], r[0]) for r in rows], dtype="object"
                ),
                "name": pd.Series([r[1] for r in rows], dtype="object"),
                "kind": pd.Series([r[2] for r in rows], dtype="object"),
                "uri": pd.Series([r[3] for r in rows], dtype="object"),
            }
        )

    # -- display ------------------------------------------------------------------------------
    def _payload(self) -> tuple[dict, dict]:
        """(MIME payload, {view: error message}) — a view that fails is left out (null), and
        the payload's ``errors`` object (present only when a view failed) gives the REST API's
        message for it, so the renderer can say why instead of "not included"."""
        svc, source, job, name = self.job.service, self.job.source, self.job.name, self.name
        views: dict[str, dict | None] = {}
        errors: dict[str, str] = {}
        for key, fn in (
            ("explainability", svc.explainability),
            ("performance", svc.performance),
            ("artifacts", svc.artifacts),
            ("network", svc.network),
        ):
            try:
                views[key] = fn(source, job, name)
            except AutopilotError as exc:
                views[key] = None
                errors[key] = str(exc.message)
        payload = {
            "kind": "candidate",
            "source": source,
            "jobName": job,
            "candidate": self._row,
            **views,
            "topFeatures": svc.top_features,
        }
        if errors:
            payload["errors"] = dict(errors)
        return _strict_json(payload), errors

    def _html(self, payload: dict, errors: dict) -> str:
        c = payload["candidate"]
        ex, perf = payload.get("explainability"), payload.get("performance")
        metric = c.get("objectiveMetric") or ((perf or {}).get("objective") or {}).get("metric")
        parts = [
            f'<div style="{_STYLE_H}">Autopilot candidate {_text(c.get("name"))}'
            + (" ★ best" if c.get("isBest") else "")
            + "</div>",
            _kv_table(
                [
                    ("Job", _text(payload.get("jobName"))),
                    ("Status", _text(c.get("status"))),
                    ("Objective", (_text(metric) + " " if metric else "") + _num(c.get("objectiveValue"))),
                    ("Rank", _num(c.get("rank"))),
                    ("Duration", _duration(c.get("durationSeconds"))),
                    ("Failure reason", _text(c.get("failureReason")) if c.get("failureReason") else None),
                ]
            ),
        ]
        # explainability
        if ex and ex.get("available") and ex.get("labels"):
            labels = ex["labels"]
            first = labels[0]
            parts.append(
                _shap_html(
                    first.get("features") or [],
                    first.get("label") if len(labels) > 1 else None,
                    payload.get("topFeatures") or DEFAULT_TOP_FEATURES,
                )
            )
            if len(labels) > 1:
                parts.append(
                    f'<div style="{_STYLE_NOTE}">Labels: '
                    + ", ".join(_text(entry.get("label")) for entry in labels)
                    + "; <code>cand.shap_values(label=...)</code> gives each one.</div>"
                )
        elif ex:
            parts.append(
                f'<div style="{_STYLE_H}">Explainability</div><div style="{_STYLE_NOTE}">{_text(ex.get("reason"))}</div>'
            )
        elif "explainability" in errors:
            parts.append(
                f'<div style="{_STYLE_H}">Explainability</div><div style="{_STYLE_NOTE}">{_E(errors["explainability"])}</div>'
            )
        # metrics
        if perf:
            report = perf.get("report") or {}
            rows = [
                [_text(m.get("name")), _num(m.get("value")), _num(m.get("standardDeviation")), "model quality report"]
                for m in (report.get("metrics") or [] if report.get("available") else [])
            ]
            rows += [
                [
                    _text(m.get("name")) + (f" ({_text(m.get('set'))})" if m.get("set") else ""),
                    _num(m.get("value")),
                    "—",
                    "candidate metrics",
                ]
                for m in perf.get("candidateMetrics") or []
            ]
            if rows:
                parts.append(
                    f'<div style="{_STYLE_H}">Metrics</div>'
                    + _table(["Metric", "Value", "Std. dev.", "Source"], rows, numeric=(1, 2))
                )
            cm = report.get("confusionMatrix") if report.get("available") else None
            if cm and cm.get("labels"):
                head = ["actual \\ predicted"] + [str(label) for label in cm["labels"]]
                body = [
                    [_text(label)] + [_num(v) for v in row]
                    for label, row in zip(cm["labels"], cm["matrix"], strict=False)
                ]
                parts.append(
                    f'<div style="{_STYLE_H}">Confusion matrix</div>'
                    + _table(head, body, numeric=tuple(range(1, len(head))))
                )
            elif not report.get("available") and report.get("reason"):
                parts.append(f'<div style="{_STYLE_NOTE}">{_text(report.get("reason"))}</div>')
        elif "performance" in errors:
            parts.append(
                f'<div style="{_STYLE_H}">Performance</div><div style="{_STYLE_NOTE}">{_E(errors["performance"])}</div>'
            )
        # hyperparameters
        hp = (ex or {}).get("hyperparameters") or {}
        if hp:
            parts.append(
                f'<div style="{_STYLE_H}">Hyperparameters</div>'
                + _table(["Name", "Value"], [[_text(k), _text(v)] for k, v in hp.items()])
            )
        for key in ("artifacts", "network"):
            if key in errors:
                parts.append(f'<div style="{_STYLE_NOTE}">{_E(key.capitalize())}: {_E(errors[key])}</div>')
        return _wrap("".join(parts), "candidate")

    def _plain(self) -> str:
        metric = self.objective_metric
        value = self.objective_value
        objective = f", {metric or 'objective'}={value:.6g}" if value is not None else ""
        return (
            f"<Candidate {self.name!r} of AutoMLJob {self.job.name!r} ({self.job.source}): "
            f"{self.status}{objective}{', best' if self.is_best else ''}>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            payload, errors = self._payload()
        except AutopilotError as exc:
            return _error_bundle(f"Autopilot candidate {self.name}", exc)
        return {MIME_TYPE: payload, "text/html": self._html(payload, errors), "text/plain": self._plain()}

    def __repr__(self) -> str:
        return self._plain()

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Candidate)
            and other.name == self.name
            and other.job.name == self.job.name
            and other.job.source == self.job.source
        )

    def __hash__(self) -> int:
        return hash((self.job.source, self.job.name, self.name))
