"""The HTML fallback of the rich display: static tables with inline styles, no JavaScript, every data
string escaped. It draws the MIME payload (the REST API's view models as JSON), as the UI's renderer
does, for front ends without this extension (classic Notebook, VS Code, nbconvert, GitHub)."""

from __future__ import annotations

import html

from ..errors import AutopilotError
from ..jsonutil import number
from ..service import figures
from ..service import models as m
from ..timeutil import parse_time

#: the MIME type of the rich display (drawn by src/mime.tsx from the REST API's view models)
MIME_TYPE = "application/vnd.jupyter-autopilot+json"
DEFAULT_TOP_FEATURES = 20
HTML_MAX_ROWS = 50  # leaderboard rows in the HTML fallback; job.leaderboard() has them all

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
    """The SHAP bar chart as HTML: the features, order, cut and title of :func:`figures.shap_bar`."""
    shown, title = figures.shap_ranking([m.FeatureImportance.model_validate(f) for f in features], label=label, top=top)
    peak = max((abs(f.importance or 0.0) for f in shown), default=0.0) or 1.0
    rows = []
    for f in shown:
        width = max(0.0, min(100.0, 100.0 * abs(f.importance or 0.0) / peak))
        bar = (
            f'<div style="background:var(--jp-brand-color1, #1976d2);height:12px;width:{width:.1f}%;min-width:1px" '
            f'role="presentation"></div>'
        )
        rows.append([_text(f.name), f'<div style="width:240px">{bar}</div>', _num(f.importance)])
    return f'<div style="{_STYLE_H}">{_E(title)}</div>' + _table(["Feature", figures.SHAP_AXIS, ""], rows, numeric=(2,))


def job_html(payload: dict) -> str:
    """The job's MIME payload as static HTML: a summary and the trials table, best first."""
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
            ("Source", _text(payload.get("source"))),
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
        f'<div style="{_STYLE_H}">Autopilot job {_text(job.get("name"))}</div>'
        + summary
        + f'<div style="{_STYLE_H}">Trials, best first</div>'
        + table
        + more,
        "job",
    )


def candidate_html(payload: dict, errors: dict) -> str:
    """The candidate's MIME payload as static HTML: SHAP bars, metrics, confusion matrix, hyperparameters."""
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
                ex["topFeatures"] if isinstance(ex.get("topFeatures"), int) else DEFAULT_TOP_FEATURES,
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
                [_text(label)] + [_num(v) for v in row] for label, row in zip(cm["labels"], cm["matrix"], strict=False)
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


def error_bundle(title: str, exc: AutopilotError) -> dict:
    return {
        "text/plain": f"{title}: {exc.message}",
        "text/html": _wrap(
            f'<div style="{_STYLE_H}">{_E(title)}</div><div style="{_STYLE_NOTE}">{_E(exc.message)}</div>', "error"
        ),
    }
