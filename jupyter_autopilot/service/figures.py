"""Every chart, defined once here: the REST API sends these figures (as JSON) and the UI draws them
as they are (it only applies the JupyterLab theme's colours and fonts, and translates the titles
below); the notebook API returns the very same figures; the HTML fallback draws the SHAP bars from
``shap_ranking``. Charts read the typed models of ``models``.

Every string that comes from data (feature names, labels) is escaped before it reaches plotly,
which otherwise interprets a subset of HTML (and ``$...$`` as LaTeX) in labels and hover text.
"""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import models as m

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def plot_text(value) -> str:
    """Escape a data string for plotly: HTML entities, and ``$`` as ``&#36;`` (plotly draws it as
    a dollar sign and never reads the text as LaTeX), so the name shows exactly as it is."""
    return html.escape(str(value), quote=False).replace("$", "&#36;")


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


#: the texts of the charts: the UI shows them translated (their message ids: src/lib/chartTexts.ts)
SHAP_TITLE = "Aggregated SHAP values (feature importance)"
LONG_CHART = 25  # features above which the SHAP chart's scale is on top
SHAP_AXIS = "mean |SHAP value|"
CONFUSION_TITLE = "Confusion matrix"
CONFUSION_NORMALIZED_TITLE = "Confusion matrix (row-normalised)"
PREDICTED_LABEL = "Predicted label"
ACTUAL_LABEL = "Actual label"
PR_TITLE = "Precision-recall curve"
SHAP_COMPARE_TITLE = "SHAP across candidates (share of each candidate's total)"
SHAP_SHARE_AXIS = "share of mean |SHAP|"
SHAP_MATRIX_TITLE = "SHAP across the top candidates (share of each candidate's total)"


def shap_ranking(
    features: list[m.FeatureImportance], *, label: str | None = None, top: int | None = 20
) -> tuple[list[m.FeatureImportance], str]:
    """(the features the SHAP chart shows, most important first; its title)."""
    ranked = sorted((f for f in features if f.importance is not None), key=lambda f: -(f.importance or 0.0))
    shown = ranked if not top or top <= 0 else ranked[:top]
    title = SHAP_TITLE
    if label:
        title += f" — label {label}"
    if len(shown) < len(ranked):
        title += f" — top {len(shown)} of {len(ranked)}"
    return shown, title


def shap_bar(features: list[m.FeatureImportance], *, label: str | None = None, top: int | None = 20) -> go.Figure:
    """Aggregated SHAP bar chart: features sorted by importance, the largest on top."""
    shown, title = shap_ranking(features, label=label, top=top)
    names = [plot_text(f.name) for f in shown]
    values = [f.importance for f in shown]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            hovertemplate="%{y}: %{x:.4g}<extra></extra>",
            name="mean |SHAP|",
        ),
        layout=_base_layout(
            title={"text": plot_text(title), "x": 0, "xanchor": "left"},
            # a long chart (all of many features) has its scale on top, where reading starts, and
            # tick marks on both sides
            xaxis={
                "title": {"text": SHAP_AXIS},
                "zeroline": True,
                "gridcolor": "rgba(128,128,128,0.25)",
                **({"side": "top", "mirror": "allticks", "ticks": "outside"} if len(shown) > LONG_CHART else {}),
            },
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            height=max(260, 60 + 24 * max(len(shown), 1)),
            bargap=0.25,
        ),
    )
    return fig


def confusion_matrix(cm: m.ConfusionMatrix, *, normalize: bool = False) -> go.Figure:
    """Heatmap: rows = actual label, columns = predicted label; counts or row-normalised."""
    labels = [plot_text(name) for name in cm.labels]
    matrix = cm.matrix
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
            title={"text": CONFUSION_NORMALIZED_TITLE if normalize else CONFUSION_TITLE, "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": PREDICTED_LABEL}, "type": "category", "side": "bottom"},
            yaxis={"title": {"text": ACTUAL_LABEL}, "type": "category", "autorange": "reversed"},
            height=max(320, 120 + 40 * len(labels)),
        ),
    )
    return fig


def roc_curve(roc: m.RocCurve) -> go.Figure:
    auc = roc.auc
    name = "ROC" + (f" (AUC {auc:.3f})" if auc is not None else "")
    fig = go.Figure(
        [
            go.Scatter(
                x=roc.false_positive_rates,
                y=roc.true_positive_rates,
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


def precision_recall_curve(pr: m.PrecisionRecallCurve) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=pr.recalls,
            y=pr.precisions,
            mode="lines",
            name="precision-recall",
            hovertemplate="recall %{x:.3f}<br>precision %{y:.3f}<extra></extra>",
        ),
        layout=_base_layout(
            title={"text": PR_TITLE, "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": "Recall"}, "range": [0, 1]},
            yaxis={"title": {"text": "Precision"}, "range": [0, 1.02]},
            height=360,
        ),
    )
    return fig


def shap_comparison(shares) -> m.Figure:
    """Grouped bars, one trace per candidate, on one shared feature order (the largest mean share
    on top): each candidate's mean |SHAP| of a feature as its share of the candidate's total."""
    features = [plot_text(f) for f in shares.columns]
    traces = [
        go.Bar(
            x=[float(v) for v in shares.loc[name].tolist()],
            y=features,
            orientation="h",
            name=plot_text(name),
            hovertemplate="%{y}: %{x:.1%}<extra>%{fullData.name}</extra>",
        )
        for name in shares.index
    ]
    fig = go.Figure(
        traces,
        layout=_base_layout(
            title={"text": plot_text(SHAP_COMPARE_TITLE), "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": SHAP_SHARE_AXIS}, "tickformat": ".0%", "gridcolor": "rgba(128,128,128,0.25)"},
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            barmode="group",
            legend={"orientation": "h", "y": -0.15},
            height=max(300, 90 + 14 * len(features) * max(len(traces), 1)),
        ),
    )
    return to_model(fig)


def shap_heatmap(shares) -> m.Figure:
    """Heatmap: rows = candidates (leaderboard order), columns = features (largest mean share
    first), each cell the candidate's share of its total mean |SHAP|."""
    features = [plot_text(f) for f in shares.columns]
    names = [plot_text(n) for n in shares.index]
    fig = go.Figure(
        go.Heatmap(
            z=shares.values.tolist(),
            x=features,
            y=names,
            colorscale="Blues",
            zmin=0,
            texttemplate="%{z:.0%}",
            hovertemplate="%{y}<br>%{x}: %{z:.1%}<extra></extra>",
            colorbar={"title": {"text": SHAP_SHARE_AXIS}, "tickformat": ".0%"},
            xgap=1,
            ygap=1,
        ),
        layout=_base_layout(
            title={"text": plot_text(SHAP_MATRIX_TITLE), "x": 0, "xanchor": "left"},
            xaxis={"type": "category", "tickangle": -35, "automargin": True},
            yaxis={"type": "category", "autorange": "reversed", "automargin": True},
            height=max(300, 160 + 28 * len(names)),
        ),
    )
    return to_model(fig)


MAX_POINTS = 2000  # points a scatter draws (a stride over the rows beyond it)
ACTUAL_VS_PREDICTED_TITLE = "Actual vs predicted (out-of-fold)"
RESIDUALS_TITLE = "Residuals (out-of-fold)"
PREDICTED_AXIS = "Predicted"
ACTUAL_AXIS = "Actual"
RESIDUAL_AXIS = "Actual − predicted"


def _thinned(pairs: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], str]:
    if len(pairs) <= MAX_POINTS:
        return pairs, f"{len(pairs):,} rows"
    step = -(-len(pairs) // MAX_POINTS)
    shown = pairs[::step]
    return shown, f"{len(shown):,} of {len(pairs):,} rows"


def actual_vs_predicted(pairs: list[tuple[float, float]]) -> go.Figure:
    """Each row's out-of-fold prediction against its actual value, with the line of perfect fit."""
    shown, counted = _thinned(pairs)
    values = [v for pair in shown for v in pair] or [0.0, 1.0]
    low, high = min(values), max(values)
    return go.Figure(
        [
            go.Scatter(
                x=[p for _, p in shown],
                y=[a for a, _ in shown],
                mode="markers",
                marker={"size": 5, "opacity": 0.6},
                name="rows",
                hovertemplate="predicted %{x:.4g}<br>actual %{y:.4g}<extra></extra>",
            ),
            go.Scatter(x=[low, high], y=[low, high], mode="lines", line={"dash": "dash"}, name="actual = predicted"),
        ],
        layout=_base_layout(
            title={"text": f"{ACTUAL_VS_PREDICTED_TITLE} — {counted}", "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": PREDICTED_AXIS}, "gridcolor": "rgba(128,128,128,0.25)"},
            yaxis={"title": {"text": ACTUAL_AXIS}, "gridcolor": "rgba(128,128,128,0.25)"},
            showlegend=False,
            height=340,
        ),
    )


def residuals(pairs: list[tuple[float, float]]) -> go.Figure:
    """Each row's residual (actual − predicted) against its prediction, around zero."""
    shown, counted = _thinned(pairs)
    return go.Figure(
        go.Scatter(
            x=[p for _, p in shown],
            y=[a - p for a, p in shown],
            mode="markers",
            marker={"size": 5, "opacity": 0.6},
            name="rows",
            hovertemplate="predicted %{x:.4g}<br>residual %{y:.4g}<extra></extra>",
        ),
        layout=_base_layout(
            title={"text": f"{RESIDUALS_TITLE} — {counted}", "x": 0, "xanchor": "left"},
            xaxis={"title": {"text": PREDICTED_AXIS}, "gridcolor": "rgba(128,128,128,0.25)"},
            yaxis={"title": {"text": RESIDUAL_AXIS}, "zeroline": True, "gridcolor": "rgba(128,128,128,0.25)"},
            showlegend=False,
            height=340,
        ),
    )


PDP_TITLE = "Partial dependence"
PDP_AXIS = "mean prediction"
PDP_SHARE_AXIS = "share of rows"


def partial_dependence(
    feature: str, data_type: str, values: list, labels: list[m.PdpLabel], distribution: list | None = None
) -> go.Figure:
    """The model's mean prediction at each value of one feature (Clarify's partial dependence):
    a line per label for a numerical feature, a bar group per label for a categorical one. With
    the file's data distribution, a second panel under it shows the share of rows at each value
    (so a curve drawn over few rows reads as such)."""
    categorical = data_type == "categorical"
    x = [plot_text(v) for v in values] if categorical else values
    shown = distribution is not None and len(distribution) == len(values)
    fig = (
        make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.74, 0.26], vertical_spacing=0.06)
        if shown
        else go.Figure()
    )
    panel = {"row": 1, "col": 1} if shown else {}
    for entry in labels:
        name = plot_text(entry.label)
        hover = f"{name}<br>%{{x}}: %{{y:.4g}}<extra></extra>"
        if categorical:
            trace = go.Bar(x=x, y=entry.predictions, name=name, hovertemplate=hover)
        else:
            trace = go.Scatter(x=x, y=entry.predictions, mode="lines+markers", name=name, hovertemplate=hover)
        fig.add_trace(trace, **panel)
    grid = "rgba(128,128,128,0.25)"
    x_axis = {
        "title": {"text": plot_text(feature)},
        "gridcolor": grid,
        **({"type": "category", "automargin": True} if categorical else {}),
    }
    layout = {
        "title": {"text": f"{PDP_TITLE} — {plot_text(feature)}", "x": 0, "xanchor": "left"},
        "showlegend": len(labels) > 1,
        "barmode": "group",
        "height": 340,
    }
    if not shown:
        fig.update_layout(_base_layout(xaxis=x_axis, yaxis={"title": {"text": PDP_AXIS}, "gridcolor": grid}, **layout))
        return fig
    fig.add_trace(
        go.Bar(
            x=x,
            y=distribution,
            name=PDP_SHARE_AXIS,
            marker={"color": "rgba(128,128,128,0.55)"},
            hovertemplate=f"%{{x}}: %{{y:.1%}} {PDP_SHARE_AXIS}<extra></extra>",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    fig.update_layout(
        _base_layout(
            xaxis={"gridcolor": grid, **({"type": "category"} if categorical else {})},
            xaxis2=x_axis,
            yaxis={"title": {"text": PDP_AXIS}, "gridcolor": grid},
            yaxis2={"title": {"text": PDP_SHARE_AXIS}, "gridcolor": grid, "tickformat": ".0%", "rangemode": "tozero"},
            **{**layout, "height": 420},
        )
    )
    return fig


def to_json(fig: go.Figure) -> dict:
    """The figure as plain JSON (what plotly.js's ``Plotly.react`` takes)."""
    return json.loads(fig.to_json())


def to_model(fig: go.Figure) -> m.Figure:
    return m.Figure.model_validate(to_json(fig))
