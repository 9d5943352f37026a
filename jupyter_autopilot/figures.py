"""Plotly figures, built once here and used by the REST API (as JSON) and the notebook API.

Every string that comes from data (feature names, labels) is escaped before it reaches plotly,
which otherwise interprets a subset of HTML (and ``$...$`` as LaTeX) in labels and hover text.
"""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def plot_text(value) -> str:
    """Escape a data string for plotly: HTML entities, and no leading/trailing ``$`` (LaTeX)."""
    text = html.escape(str(value), quote=False)
    return text.strip("$") or text


def _base_layout(**extra) -> dict:
    layout = {
        "template": "none",
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 20, "t": 40, "b": 50},
        "hoverlabel": {"align": "left"},
    }
    layout.update(extra)
    return layout


def shap_bar(
    features: list[dict], *, label: str | None = None, top: int | None = 20, title: str | None = None
) -> go.Figure:
    """Aggregated SHAP bar chart: features sorted by importance, the largest on top."""
    ranked = [f for f in features if f.get("importance") is not None]
    ranked.sort(key=lambda f: -f["importance"])
    shown = ranked if not top or top <= 0 else ranked[:top]
    names = [plot_text(f["name"]) for f in shown]
    values = [f["importance"] for f in shown]
    if title is None:
        title = "Aggregated SHAP values (feature importance)"
        if label:
            title += f" — label {plot_text(label)}"
        if len(shown) < len(ranked):
            title += f" — top {len(shown)} of {len(ranked)}"
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            hovertemplate="%{y}: %{x:.4g}<extra></extra>",
            name="mean |SHAP|",
        ),
        layout=_base_layout(
            title={"text": plot_text(title) if title else title, "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": "mean |SHAP value|"}, "zeroline": True, "gridcolor": "rgba(128,128,128,0.25)"},
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            height=max(260, 60 + 24 * max(len(shown), 1)),
            bargap=0.25,
        ),
    )
    return fig


def confusion_matrix(cm: dict, *, normalize: bool = False) -> go.Figure:
    """Heatmap: rows = actual label, columns = predicted label; counts or row-normalised."""
    labels = [plot_text(name) for name in cm["labels"]]
    matrix = cm["matrix"]
    if normalize:
        z = []
        for row in matrix:
            total = sum(v for v in row if v is not None)
            z.append([(v / total) if (v is not None and total) else None for v in row])
        text_template, color_title = "%{z:.1%}", "share of actual"
    else:
        z = matrix
        text_template, color_title = "%{z:,.0f}", "count"
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            colorscale="Blues",
            texttemplate=text_template,
            hovertemplate="actual %{y}<br>predicted %{x}<br>" + text_template.replace("%{z", "%{z") + "<extra></extra>",
            colorbar={"title": {"text": color_title}},
            xgap=1,
            ygap=1,
        ),
        layout=_base_layout(
            title={"text": "Confusion matrix" + (" (row-normalised)" if normalize else ""), "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": "Predicted label"}, "type": "category", "side": "bottom"},
            yaxis={"title": {"text": "Actual label"}, "type": "category", "autorange": "reversed"},
            height=max(320, 120 + 40 * len(labels)),
        ),
    )
    return fig


def roc_curve(roc: dict) -> go.Figure:
    auc = roc.get("auc")
    name = "ROC" + (f" (AUC {auc:.3f})" if isinstance(auc, (int, float)) else "")
    fig = go.Figure(
        [
            go.Scatter(
                x=roc["falsePositiveRates"],
                y=roc["truePositiveRates"],
                mode="lines",
                name=name,
                hovertemplate="FPR %{x:.3f}<br>TPR %{y:.3f}<extra></extra>",
            ),
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name="chance",
                line={"dash": "dash", "color": "gray"},
                hoverinfo="skip",
            ),
        ],
        layout=_base_layout(
            title={"text": name, "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": "False positive rate"}, "range": [0, 1]},
            yaxis={"title": {"text": "True positive rate"}, "range": [0, 1.02]},
            height=360,
        ),
    )
    return fig


def precision_recall_curve(pr: dict) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=pr["recalls"],
            y=pr["precisions"],
            mode="lines",
            name="precision-recall",
            hovertemplate="recall %{x:.3f}<br>precision %{y:.3f}<extra></extra>",
        ),
        layout=_base_layout(
            title={"text": "Precision-recall curve", "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": "Recall"}, "range": [0, 1]},
            yaxis={"title": {"text": "Precision"}, "range": [0, 1.02]},
            height=360,
        ),
    )
    return fig


def to_json(fig: go.Figure) -> dict:
    """The figure as plain JSON (what plotly.js's ``Plotly.react`` takes)."""
    return json.loads(fig.to_json())
