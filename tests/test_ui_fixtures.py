"""The charts the jest tests draw are the server's own: src/__tests__/server-figures.json is what
service/figures.py makes of the jest fixtures' data (src/__tests__/fixtures.ts), so the UI's
chart-equality test (src/__tests__/charts.spec.tsx) compares the UI's chart with the notebook's.

Regenerate after changing a chart: UPDATE_UI_FIXTURES=1 pytest tests/test_ui_fixtures.py
"""

import json
import os
from pathlib import Path

from jupyter_autopilot.service import figures
from jupyter_autopilot.service import models as m

OUT = Path(__file__).resolve().parents[1] / "src" / "__tests__" / "server-figures.json"
HOSTILE = "<img src=x onerror=alert(1)>"  # fixtures.ts HOSTILE

#: the data of fixtures.ts (explainability labels, confusion matrix, ROC curve)
FEATURES = [m.FeatureImportance(name=HOSTILE if i == 0 else f"feature_{i}", importance=1 / (i + 1)) for i in range(25)]
OTHER = [m.FeatureImportance(name="other", importance=0.2)]
MATRIX = m.ConfusionMatrix(labels=["0", HOSTILE], matrix=[[50, 10], [5, 35]])
ROC = m.RocCurve(false_positive_rates=[0, 0.5, 1], true_positive_rates=[0, 0.8, 1], auc=0.95)
PR = m.PrecisionRecallCurve(precisions=[1, 0.9, 0.5], recalls=[0, 0.6, 1])


def server_figures() -> dict:
    made = {
        "shapYesTop": figures.shap_bar(FEATURES, label="yes", top=20),
        "shapYesAll": figures.shap_bar(FEATURES, label="yes", top=None),
        "shapNoTop": figures.shap_bar(OTHER, label="no", top=20),
        "confusionMatrix": figures.confusion_matrix(MATRIX),
        "confusionMatrixNormalized": figures.confusion_matrix(MATRIX, normalize=True),
        "roc": figures.roc_curve(ROC),
        "precisionRecall": figures.precision_recall_curve(PR),
    }
    return {key: figures.to_json(fig) for key, fig in made.items()}


def test_the_jest_charts_are_the_server_figures():
    made = json.dumps(server_figures(), indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_UI_FIXTURES"):
        OUT.write_text(made, encoding="utf-8")
    assert OUT.read_text(encoding="utf-8") == made, "run: UPDATE_UI_FIXTURES=1 pytest tests/test_ui_fixtures.py"


def test_the_notebook_figure_is_the_rest_figure_for_every_label(tmp_path):
    """The notebook's shap_figure(label) is the REST view's figure of that label."""
    from jupyter_autopilot.service import views

    labels = [
        {"label": "yes", "expectedValue": 0.3, "features": [f.model_dump() for f in FEATURES]},
        {"label": "no", "expectedValue": 0.7, "features": [f.model_dump() for f in OTHER]},
    ]
    record = {"AutoMLJobName": "demo-binary", "BestCandidate": {"CandidateName": "cand-best"}}
    view = views.explainability_view(
        record,
        {"CandidateName": "cand-best"},
        [],
        analysis={"labels": labels, "pdp": [], "pdpNote": None},
        reason=None,
        uri=None,
        top=20,
        reports={},
    )
    assert [f.label for f in view.figures] == ["yes", "no"]
    assert view.figures[0].all is not None and view.figures[1].all is None  # 25 > 20 features; 1 <= 20
    assert view.figures[0].top.model_dump() == server_figures()["shapYesTop"]
    assert view.figures[0].all.model_dump() == server_figures()["shapYesAll"]
