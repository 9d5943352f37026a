"""Candidate: one candidate (trial) of an AutoMLJob in the notebook API, reading the service's
typed view models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import decide
from ..errors import AutopilotError, ExplainabilityNotAvailable, InvalidParameter, ModelInsightsNotAvailable
from ..jsonutil import dumps
from ..service import figures
from ..service import models as m
from . import frames
from .html import MIME_TYPE, candidate_html, error_bundle

if TYPE_CHECKING:
    from .job import AutoMLJob


def _strict_json(obj) -> dict:
    """``obj`` as plain, strictly valid JSON data (no NaN/Infinity, only JSON types)."""
    return json.loads(dumps(obj))


class Candidate:
    """One candidate (trial) of an :class:`AutoMLJob`; get it from ``job.candidate(name)``,
    ``job.best_candidate`` or ``job.candidates``."""

    def __init__(self, job: AutoMLJob, row: m.Candidate):
        self.job = job
        self._row = row  # a leaderboard row (the service's cached views are never changed)

    # -- identity and leaderboard fields ---------------------------------------------------------
    @property
    def name(self) -> str:
        return self._row.name

    @property
    def info(self) -> dict:
        """This candidate's row of the REST API's candidates view (its JSON, camelCase)."""
        return self._row.to_dict()

    @property
    def status(self) -> str | None:
        return self._row.status

    @property
    def is_best(self) -> bool:
        return self._row.is_best

    @property
    def rank(self) -> int | None:
        return self._row.rank

    @property
    def objective_value(self) -> float | None:
        return self._row.objective_value

    @property
    def objective_metric(self) -> str | None:
        return self._row.objective_metric

    @property
    def failure_reason(self) -> str | None:
        return self._row.failure_reason

    @property
    def has_explainability(self) -> bool:
        return self._row.has_explainability

    @property
    def has_model_insights(self) -> bool:
        return self._row.has_model_insights

    # -- using it --------------------------------------------------------------------------------
    def predict(self, data, *, endpoint: str | None = None) -> pd.DataFrame:
        """Predictions on a DataFrame or a CSV file, one row per input row.

        A local-runner candidate predicts here: column ``predicted_label`` and, for classifiers,
        ``probability_<class>`` for each class (same index). Columns the model needs and the input
        lacks raise ``InvalidParameter`` naming them; other columns are ignored. When the target
        column is present, ``.attrs`` has the score on it (``accuracy``, or ``mse`` and ``r2``). Only
        a model trained by this user on this machine, with the installed library versions, is
        loaded (``ModelRefused`` otherwise: loading a model file runs its code).

        An AWS candidate predicts on an endpoint deployed from it (``endpoint=``, see ``deploy``):
        one InvokeEndpoint with the rows as CSV (the target column left out); the columns are what
        the endpoint answers (``predicted_label``, ``probability``, ``labels``, ``probabilities``)."""
        if isinstance(data, (str, Path)):
            from ..predictions import read_frame

            path = Path(data).expanduser()
            if not path.is_file():
                raise InvalidParameter(f"{str(data)[:200]!r} is not a file.")
            data = read_frame(path, str(path))
        if not isinstance(data, pd.DataFrame):
            raise InvalidParameter("predict() takes a pandas DataFrame or the path of a CSV file.")
        service, source = self.job.service, self.job.source
        if endpoint is not None or source == "aws":
            if not endpoint:
                raise InvalidParameter(
                    "An AWS candidate predicts on an endpoint: deploy it (candidate.deploy(...)), then "
                    "predict(data, endpoint=<its name>); or run a batch transform (candidate.transform(...))."
                )
            return service.predict_endpoint(source, self.job.name, self.name, endpoint, data)
        predictions, summary = service.predict(source, self.job.name, self.name, data)
        predictions.attrs.update({k: v for k, v in summary.items() if v is not None})
        predictions.attrs.update({"job": self.job.name, "candidate": self.name})
        return predictions

    def deploy(self, endpoint_name: str, *, instance_type: str = "ml.m5.large", instance_count: int = 1) -> dict:
        """Deploy this AWS candidate to a real-time endpoint (CreateModel, CreateEndpointConfig,
        CreateEndpoint). The endpoint is billed until deleted: calling this is the confirmation.
        Returns the endpoint (REST JSON, status Creating); follow it with ``deployments()``."""
        body = {"endpointName": endpoint_name, "instanceType": instance_type, "instanceCount": instance_count}
        return self.job.service.deploy(self.job.source, self.job.name, self.name, body).to_dict()

    def transform(
        self, transform_job_name: str, *, input: str, output: str, instance_type: str = "ml.m5.large",
        instance_count: int = 1,
    ) -> dict:  # fmt: skip
        """A batch transform job of this AWS candidate on CSV rows under ``input`` (s3://, the
        feature columns without header or target), predictions to ``output``. Billable while it
        runs: calling this is the confirmation. Returns the job (REST JSON)."""
        body = {
            "transformJobName": transform_job_name,
            "input": input,
            "output": output,
            "instanceType": instance_type,
            "instanceCount": instance_count,
        }
        return self.job.service.transform(self.job.source, self.job.name, self.name, body).to_dict()

    def deployments(self) -> dict:
        """The endpoints and batch transform jobs made from this candidate (REST JSON)."""
        return self.job.service.deployments(self.job.source, self.job.name, self.name).to_dict()

    def delete_endpoint(self, endpoint: str) -> dict:
        """Delete an endpoint made from this candidate (and its config and model)."""
        return self.job.service.delete_endpoint(self.job.source, self.job.name, self.name, endpoint).to_dict()

    def threshold_table(self) -> pd.DataFrame:
        """Operating points of a binary classifier: columns ``threshold, tp, fp, tn, fn, precision,
        recall, f1, fpr``. Local-runner candidates: exact, from their out-of-fold probabilities at
        thresholds 0.00 to 1.00. Otherwise from the model-quality report's ROC points and class
        totals, so ``threshold`` is NaN (the report records the points, not their thresholds).
        ``.attrs["source"]`` says which; ``.attrs["decision_threshold"]`` is the threshold the model
        predicts with, when its job chose one (else None: the likelier class)."""
        view = self._performance()
        if not view.operating_points:
            return decide.threshold_frame(view.report, self.name)  # raises the reason there is none
        columns = ["threshold", "tp", "fp", "tn", "fn", "precision", "recall", "f1", "fpr"]
        frame = pd.DataFrame([p.model_dump() for p in view.operating_points], columns=columns)
        for column in ("threshold", "precision", "recall", "f1", "fpr"):
            frame[column] = frame[column].astype("float64")
        cm = view.report.confusion_matrix
        frame.attrs.update(
            {
                "candidate": self.name,
                "positive_label": cm.labels[1] if cm and len(cm.labels) > 1 else None,
                "source": view.operating_points_note,
                "decision_threshold": view.decision_threshold,
            }
        )
        return frame

    # -- service views -------------------------------------------------------------------------
    def _explainability(self) -> m.Explainability:
        return self.job.service.explainability(self.job.source, self.job.name, self.name)

    def _performance(self) -> m.Performance:
        return self.job.service.performance(self.job.source, self.job.name, self.name)

    def _label_entry(self, view: m.Explainability, label) -> m.ShapLabel:
        if not view.available:
            raise ExplainabilityNotAvailable(view.reason or f"Candidate {self.name!r} has no explainability output.")
        if not view.labels:
            raise ExplainabilityNotAvailable(view.reason or f"Candidate {self.name!r} has no SHAP values.")
        if label is None:
            return view.labels[0]
        for entry in view.labels:
            if entry.label == label or entry.label == str(label):
                return entry
        known = ", ".join(repr(e.label) for e in view.labels)
        raise ValueError(f"Candidate {self.name!r} has no SHAP values for label {label!r}; its labels are: {known}.")

    @property
    def labels(self) -> list:
        """The labels of the explainability output (one per class for a multiclass job;
        Autopilot names the single label of a binary or regression job ``label0``). Empty when
        the candidate has no explainability output."""
        view = self._explainability()
        return [entry.label for entry in view.labels] if view.available else []

    def shap_values(self, label=None) -> pd.DataFrame:
        """Aggregated SHAP values (mean |SHAP|) of one label: columns ``feature``, ``importance``,
        most important first. ``label`` defaults to the first label, as the UI shows.

        Raises ``ExplainabilityNotAvailable`` (with the reason the UI shows) or ``ValueError``
        for an unknown label.
        """
        entry = self._label_entry(self._explainability(), label)
        frame = frames.shap_frame(entry)
        frame.attrs.update(
            {"job": self.job.name, "candidate": self.name, "label": entry.label, "expected_value": entry.expected_value}
        )
        return frame

    def shap_figure(self, label=None, top: int | None = None):
        """The UI's SHAP bar chart (a plotly Figure from :func:`figures.shap_bar`) for one label;
        ``top`` features (default: the server's ``top_features`` setting, as the UI; 0: all)."""
        view = self._explainability()
        entry = self._label_entry(view, label)
        multiple = len(view.labels) > 1
        top = self.job.service.top_features if top is None else top
        return figures.shap_bar(entry.features, label=entry.label if multiple else None, top=top)

    def _pdp_entries(self, feature=None) -> list[m.PartialDependence]:
        view = self._explainability()
        if not view.available:
            raise ExplainabilityNotAvailable(view.reason or f"Candidate {self.name!r} has no explainability output.")
        if not view.partial_dependence:
            raise ExplainabilityNotAvailable(
                f"The explainability output of candidate {self.name!r} has no partial dependence "
                "(explanations.pdp): SageMaker Clarify writes it when its analysis configuration asks for pdp."
                + (f" {view.partial_dependence_note}" if view.partial_dependence_note else "")
            )
        if feature is None:
            return list(view.partial_dependence)
        chosen = [e for e in view.partial_dependence if e.feature == str(feature)]
        if not chosen:
            known = ", ".join(repr(e.feature) for e in view.partial_dependence)
            raise ValueError(f"Candidate {self.name!r} has no partial dependence for {feature!r}; it has: {known}.")
        return chosen

    def partial_dependence(self, feature=None) -> pd.DataFrame:
        """Clarify's partial dependence (``explanations.pdp`` of analysis.json): the model's mean
        prediction at each value of a feature, with every other feature as in the data. One row per
        feature, label and value; columns ``feature``, ``data_type`` (numerical | categorical),
        ``label``, ``value``, ``prediction``, ``share_of_rows`` (the data distribution, when the
        file has it). ``feature`` keeps one feature.

        Raises ``ExplainabilityNotAvailable`` when the file has none (with the reason), ``ValueError``
        for a feature it does not have."""
        entries = self._pdp_entries(feature)
        frame = frames.pdp_frame(entries)
        frame.attrs.update(
            {
                "job": self.job.name,
                "candidate": self.name,
                "features": [e.feature for e in entries],
                "note": self._explainability().partial_dependence_note,
            }
        )
        return frame

    def partial_dependence_figure(self, feature):
        """The UI's partial dependence chart of one feature (a plotly Figure from
        :func:`figures.partial_dependence`): a line, or bars, per label, and the data distribution
        under them when the file has it."""
        entry = self._pdp_entries(feature)[0]
        return figures.partial_dependence(
            entry.feature, entry.data_type, entry.values, entry.labels, entry.distribution
        )

    def _confusion(self) -> m.ConfusionMatrix:
        report = self._performance().report
        if not report.available:
            raise ModelInsightsNotAvailable(report.reason or f"Candidate {self.name!r} has no model-quality report.")
        cm = report.confusion_matrix
        if cm is None or not cm.labels:
            raise ModelInsightsNotAvailable(
                f"The model-quality report of candidate {self.name!r} has no confusion matrix"
                + (f" (problem type {report.problem_type})." if report.problem_type else ".")
            )
        return cm

    def confusion_matrix(self) -> pd.DataFrame:
        """The model-quality report's confusion matrix: rows ``actual``, columns ``predicted``.
        A row the evaluation data lacks is all missing (<NA>)."""
        return frames.confusion_frame(self._confusion())

    def confusion_matrix_figure(self, normalize: bool = False):
        """The UI's confusion-matrix heatmap (counts, or shares of each actual label)."""
        return figures.confusion_matrix(self._confusion(), normalize=normalize)

    def metrics(self) -> pd.DataFrame:
        """The model-quality report's metrics (with standard deviations; for the best candidate)
        and the candidate metrics of the job's records, as columns ``metric``, ``value``,
        ``standard_deviation``, ``set``, ``source`` ("model quality report" | "candidate metrics").
        ``.attrs`` says what the report was computed on: ``report_rows``, ``report_evaluation_time``."""
        view = self._performance()
        frame = frames.metrics_frame(view)
        frame.attrs.update(
            {
                "job": self.job.name,
                "candidate": self.name,
                "report_available": view.report.available,
                "report_reason": view.report.reason,
                "report_rows": view.report.item_count,
                "report_evaluation_time": view.report.evaluation_time,
            }
        )
        return frame

    @property
    def hyperparameters(self) -> dict:
        """The hyperparameters of the candidate's (last) training job, as the UI shows them (read
        from the training job's record alone: no SHAP file is read)."""
        return self.job.service.hyperparameters(self.job.source, self.job.name, self.name)

    @property
    def network(self) -> dict:
        """Network isolation, VPC, encryption: the REST API's network view (its JSON)."""
        return self.job.service.network(self.job.source, self.job.name, self.name).to_dict()

    @property
    def artifacts(self) -> pd.DataFrame:
        """Every S3 location of the candidate: columns ``group`` (input | output | intermediate),
        ``name``, ``kind``, ``uri``."""
        return frames.artifacts_frame(self.job.service.artifacts(self.job.source, self.job.name, self.name))

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
                views[key] = fn(source, job, name).to_dict()
            except AutopilotError as exc:
                views[key] = None
                errors[key] = str(exc.message)
        payload = {
            "kind": "candidate",
            "source": source,
            "jobName": job,
            "candidate": self._row.to_dict(),
            **views,
        }
        if errors:
            payload["errors"] = dict(errors)
        return _strict_json(payload), errors

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
            return error_bundle(f"Autopilot candidate {self.name}", exc)
        return {MIME_TYPE: payload, "text/html": candidate_html(payload, errors), "text/plain": self._plain()}

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
