"""View builders: AWS records (and parsed artifacts) → the typed view models of ``models``.

Pure functions (no IO, no cache): the service fetches, caches and calls them; the REST API and the
notebook API read what they return. (About 615 lines: one builder per view, each a short mapping of
record fields; splitting them would only scatter the view-to-record mapping.)
``steps`` is what the service fetched for a candidate: ``[(CandidateStep, Describe* record or None,
error message or None), ...]``.
"""

from __future__ import annotations

from pydantic import ValidationError

from .. import records as rec
from ..errors import ArtifactFormatError
from ..jsonutil import clean
from ..names import AUTOML_EXPERIMENT_SUFFIX, TERMINAL_STATUSES
from ..s3uri import try_parse
from ..timeutil import seconds_between, to_iso
from . import figures, measures
from . import models as m
from .stages import job_stages

CLARIFY_DOCS = "https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-model-explainability.html"

NOTEBOOK_FIELDS = {
    "dataExploration": ("DataExplorationNotebookLocation", "data exploration notebook"),
    "candidateDefinition": ("CandidateDefinitionNotebookLocation", "candidate definition notebook"),
}


def _drop(data, loc) -> bool:
    """Remove the value at ``loc`` (a key's value, or a list item); False when there is none."""
    *parents, last = loc
    cur = data
    for part in parents:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            return False
    if isinstance(cur, dict) and last in cur:
        del cur[last]  # the field's default (null, empty) stands in
        return True
    if isinstance(cur, list) and isinstance(last, int) and 0 <= last < len(cur):
        del cur[last]
        return True
    return False


def build(model: type[m.M], data: dict, **ready) -> m.M:
    """A view model from builder data (camelCase keys) and parts ``ready`` as models.

    Records are untrusted: a value of the wrong type hides that value (its field shows its
    default: null, empty), never the view. A required part that cannot be shown is a clear 502
    naming the field, never a 500."""
    payload = {**clean(data), **ready}
    for _ in range(50):
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            errors = exc.errors()
            dropped = False
            for error in errors:
                loc = tuple(error.get("loc", ()))
                if error.get("type") == "missing":
                    # an item of a list missing a required field: that item is left out
                    items = [i for i, part in enumerate(loc) if isinstance(part, int)]
                    loc = loc[: items[-1] + 1] if items else ()
                if loc and _drop(payload, loc):
                    dropped = True
                    break
            if dropped:
                continue
            first = errors[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or model.__name__
            raise ArtifactFormatError(
                f"The job's records do not fit the {model.__name__} view at {where}: {first.get('msg')}."
            ) from None
    raise ArtifactFormatError(f"The job's records do not fit the {model.__name__} view.")


def _partial_failures(record: dict) -> list:
    return [
        p.get("PartialFailureMessage")
        for p in record.get("PartialFailureReasons") or []
        if isinstance(p, dict) and p.get("PartialFailureMessage")
    ]


def job_summary(s: dict) -> dict:
    """A JobSummary's data (camelCase); ``jobs_page`` validates the page at once."""
    return {
        "name": s.get("AutoMLJobName"),
        "arn": s.get("AutoMLJobArn"),
        "status": s.get("AutoMLJobStatus"),
        "secondaryStatus": s.get("AutoMLJobSecondaryStatus"),
        "creationTime": to_iso(s.get("CreationTime")),
        "endTime": to_iso(s.get("EndTime")),
        "lastModifiedTime": to_iso(s.get("LastModifiedTime")),
        "failureReason": s.get("FailureReason") or None,
        "partialFailureReasons": _partial_failures(s),
    }


def jobs_page(summaries: list[dict], token: str | None) -> m.JobsPage:
    return build(m.JobsPage, {"jobs": [job_summary(s) for s in summaries], "nextToken": token})


def job_view(r: dict, source_id: str) -> m.Job:
    security = rec.security_config(r)
    vpc = security.get("VpcConfig") or {}
    artifacts = r.get("AutoMLJobArtifacts") or {}
    resolved_objective = rec.dig(r, "ResolvedAttributes", "AutoMLJobObjective", "MetricName")
    metric = rec.objective_metric(r)
    view = {
        "name": r.get("AutoMLJobName"),
        "arn": r.get("AutoMLJobArn"),
        "apiVersion": "V2" if rec.is_v2(r) else "V1",
        "onAws": rec.on_aws(r),
        "status": r.get("AutoMLJobStatus"),
        "secondaryStatus": r.get("AutoMLJobSecondaryStatus"),
        "isTerminal": r.get("AutoMLJobStatus") in TERMINAL_STATUSES,
        "stages": job_stages(r),
        "problemType": rec.problem_type(r),
        "problemTypeRequested": rec.requested_problem_type(r),
        "problemTypeConfigName": r.get("AutoMLProblemTypeConfigName") or ("Tabular" if not rec.is_v2(r) else None),
        "objective": {
            "metric": metric,
            "direction": rec.objective_direction(r),
            "requested": rec.dig(r, "AutoMLJobObjective", "MetricName"),
            "resolved": resolved_objective,
        },
        "targetAttribute": rec.target_attribute(r),
        "mode": rec.job_mode(r),
        "creationTime": to_iso(r.get("CreationTime")),
        "endTime": to_iso(r.get("EndTime")),
        "lastModifiedTime": to_iso(r.get("LastModifiedTime")),
        "durationSeconds": seconds_between(r.get("CreationTime"), r.get("EndTime")),
        "failureReason": r.get("FailureReason") or None,
        "partialFailureReasons": _partial_failures(r),
        "bestCandidate": rec.best_candidate_name(r),
        "inputs": rec.input_channels(r),
        "outputPath": rec.dig(r, "OutputDataConfig", "S3OutputPath"),
        "outputKmsKeyId": rec.dig(r, "OutputDataConfig", "KmsKeyId"),
        "roleArn": r.get("RoleArn"),
        "notebooks": {
            "dataExploration": artifacts.get("DataExplorationNotebookLocation"),
            "candidateDefinition": artifacts.get("CandidateDefinitionNotebookLocation"),
        },
        "completionCriteria": {
            "maxCandidates": rec.completion_criteria(r).get("MaxCandidates"),
            "maxRuntimePerTrainingJobInSeconds": rec.completion_criteria(r).get("MaxRuntimePerTrainingJobInSeconds"),
            "maxAutoMLJobRuntimeInSeconds": rec.completion_criteria(r).get("MaxAutoMLJobRuntimeInSeconds"),
        },
        "dataSplit": {
            "validationFraction": rec.dig(r, "DataSplitConfig", "ValidationFraction")
            or rec.dig(r, "AutoMLJobConfig", "DataSplitConfig", "ValidationFraction")
        },
        "algorithms": (
            rec.dig(r, "AutoMLJobConfig", "CandidateGenerationConfig", "AlgorithmsConfig", 0, "AutoMLAlgorithms")
            or rec.dig(rec.tabular_config(r), "CandidateGenerationConfig", "AlgorithmsConfig", 0, "AutoMLAlgorithms")
        ),
        "generateCandidateDefinitionsOnly": bool(
            r.get("GenerateCandidateDefinitionsOnly") or rec.tabular_config(r).get("GenerateCandidateDefinitionsOnly")
        ),
        "security": {
            "volumeKmsKeyId": security.get("VolumeKmsKeyId"),
            "enableInterContainerTrafficEncryption": bool(security.get("EnableInterContainerTrafficEncryption")),
            "vpcConfig": (
                {"subnets": vpc.get("Subnets") or [], "securityGroupIds": vpc.get("SecurityGroupIds") or []}
                if vpc
                else None
            ),
        },
        "modelDeploy": {
            "endpointName": rec.dig(r, "ModelDeployResult", "EndpointName")
            or rec.dig(r, "ModelDeployConfig", "EndpointName"),
            "autoGenerateEndpointName": rec.dig(r, "ModelDeployConfig", "AutoGenerateEndpointName"),
        },
        "source": source_id,
    }
    return build(m.Job, view)


def leaderboard_order(r: dict, cands: list) -> list:
    """Candidates best first, then by objective value in the objective's direction, no value last."""
    best = rec.best_candidate_name(r)
    sign = -1.0 if rec.objective_direction(r, cands) != "Minimize" else 1.0

    def order(c):
        v = rec.objective_value(c)
        return (
            0 if c.get("CandidateName") == best and best else 1,
            0 if v is not None else 1,
            sign * v if v is not None else 0.0,
            c.get("CandidateName") or "",
        )

    return sorted(cands, key=order)


def leaderboard(r: dict, cands: list, *, final_metrics: dict | None = None) -> m.Candidates:
    """The leaderboard rows in :func:`leaderboard_order`. ``final_metrics`` (an older job's records
    have no CandidateMetrics): each candidate's training job's final metrics, by name, with the step."""
    best = rec.best_candidate_name(r)
    if best and not any(c.get("CandidateName") == best for c in cands) and isinstance(r.get("BestCandidate"), dict):
        cands = [r["BestCandidate"]] + list(cands)
    direction = rec.objective_direction(r, cands)
    metric = rec.objective_metric(r, cands)
    final_metrics = final_metrics or {}
    ordered = leaderboard_order(r, cands)
    rows = []
    rank = 0
    for c in ordered:
        v = rec.objective_value(c)
        if v is not None:
            rank += 1
        locs = rec.artifact_locations(c)
        rows.append(
            {
                "name": c.get("CandidateName"),
                "status": c.get("CandidateStatus"),
                "objectiveStatus": c.get("ObjectiveStatus"),
                "objectiveValue": v,
                "objectiveMetric": rec.dig(c, "FinalAutoMLJobObjectiveMetric", "StandardMetricName")
                or rec.dig(c, "FinalAutoMLJobObjectiveMetric", "MetricName"),
                "rank": rank if v is not None else None,
                "isBest": bool(best) and c.get("CandidateName") == best,
                "metrics": rec.candidate_metrics(c) or final_metrics.get(c.get("CandidateName"), ([], None))[0],
                "metricsFrom": final_metrics[c.get("CandidateName")][1]
                if c.get("CandidateName") in final_metrics
                else None,
                "creationTime": to_iso(c.get("CreationTime")),
                "endTime": to_iso(c.get("EndTime")),
                "lastModifiedTime": to_iso(c.get("LastModifiedTime")),
                "durationSeconds": seconds_between(c.get("CreationTime"), c.get("EndTime")),
                "failureReason": c.get("FailureReason") or None,
                "hasExplainability": try_parse(locs.get("Explainability")) is not None,
                "hasModelInsights": try_parse(locs.get("ModelInsights")) is not None,
                "steps": [
                    {
                        "type": s.get("CandidateStepType"),
                        "name": s.get("CandidateStepName"),
                        "arn": s.get("CandidateStepArn"),
                    }
                    for s in c.get("CandidateSteps") or []
                    if isinstance(s, dict)
                ],
            }
        )
    return build(
        m.Candidates,
        {
            "job": r.get("AutoMLJobName"),
            "jobStatus": r.get("AutoMLJobStatus"),
            "objective": {"metric": metric, "direction": direction},
            "bestCandidate": best,
            "candidates": rows,
            "metricsNote": (
                "This job's records have no CandidateMetrics: the metrics shown are each candidate's training "
                "job's final metrics (FinalMetricDataList)"
                + f", read for {len(final_metrics)} of {sum(c.get('CandidateStatus') != 'Failed' for c in cands)} "
                "candidates (the best first)."
            )
            if final_metrics
            else None,
        },
    )


def hyperparameters(steps) -> dict:
    """The hyperparameters of the candidate's last training step (all training steps too)."""
    training = [(s, record, err) for s, record, err in steps if s.get("CandidateStepType") == rec.TRAINING_STEP]
    by_step = []
    for step, record, err in training:
        hp = {str(k): rec.hyperparameter_value(v) for k, v in ((record or {}).get("HyperParameters") or {}).items()}
        by_step.append({"step": step["CandidateStepName"], "hyperparameters": dict(sorted(hp.items())), "error": err})
    last = next((s for s in reversed(by_step) if s["error"] is None), None)
    message = None
    if not training:
        message = "This candidate has no training step, so it has no hyperparameters."
    elif last is None:
        message = by_step[-1]["error"]
    return {
        "hyperparameters": last["hyperparameters"] if last else {},
        "hyperparametersFrom": last["step"] if last else None,
        "hyperparametersByStep": by_step,
        "hyperparametersMessage": message,
    }


def _step_locations(record: dict):
    """(label, S3 URI or None, "input"|"output") of a Describe{Training,Processing,Transform}Job record."""
    for ch in record.get("InputDataConfig") or []:
        yield f"input channel {ch.get('ChannelName')}", rec.dig(ch, "DataSource", "S3DataSource", "S3Uri"), "input"
    for pi in record.get("ProcessingInputs") or []:
        yield f"input {pi.get('InputName')}", rec.dig(pi, "S3Input", "S3Uri"), "input"
    yield "transform input", rec.dig(record, "TransformInput", "DataSource", "S3DataSource", "S3Uri"), "input"
    model = rec.dig(record, "ModelArtifacts", "S3ModelArtifacts")
    if model:
        yield "model artifacts", model, "output"
    else:
        yield "output path", rec.dig(record, "OutputDataConfig", "S3OutputPath"), "output"
    for po in rec.dig(record, "ProcessingOutputConfig", "Outputs") or []:
        yield f"output {po.get('OutputName')}", rec.dig(po, "S3Output", "S3Uri"), "output"
    yield "transform output", rec.dig(record, "TransformOutput", "S3OutputPath"), "output"


def artifacts_view(r: dict, cand: dict, steps) -> m.Artifacts:
    inputs = [
        {
            "name": f"Input data ({ch['channel']})",
            "uri": ch["uri"],
            "kind": "Input data channel",
            "contentType": ch.get("contentType"),
        }
        for ch in rec.input_channels(r)
        if ch.get("uri")
    ]
    outputs = []
    for i, container in enumerate(cand.get("InferenceContainers") or []):
        if isinstance(container, dict) and container.get("ModelDataUrl"):
            env = container.get("Environment")
            outputs.append(
                {
                    "name": f"Model data, inference container {i + 1}",
                    "uri": container["ModelDataUrl"],
                    "kind": "Model artifact",
                    "image": container.get("Image"),
                    # e.g. SAGEMAKER_INFERENCE_SUPPORTED: what a deployed model can return
                    "environment": dict(sorted(env.items())) if isinstance(env, dict) else {},
                }
            )
    locs = rec.artifact_locations(cand)
    for key, label in (
        ("Explainability", "Explainability report location"),
        ("ModelInsights", "Model quality report location"),
        ("BacktestResults", "Backtest results location"),
    ):
        if locs.get(key):
            outputs.append({"name": label, "uri": locs[key], "kind": key})
    for field_name, label in NOTEBOOK_FIELDS.values():
        uri = rec.dig(r, "AutoMLJobArtifacts", field_name)
        if uri:
            outputs.append({"name": label.capitalize(), "uri": uri, "kind": "Notebook"})
    if rec.dig(r, "OutputDataConfig", "S3OutputPath"):
        outputs.append({"name": "Job output path", "uri": r["OutputDataConfig"]["S3OutputPath"], "kind": "Output path"})
    intermediate = []
    step_errors = []
    training = []
    for step, record, err in steps:
        if record and step.get("CandidateStepType") == rec.TRAINING_STEP:
            training.append(
                {
                    "name": step["CandidateStepName"],
                    "status": record.get("TrainingJobStatus"),
                    "instanceType": rec.dig(record, "ResourceConfig", "InstanceType"),
                    "instanceCount": rec.dig(record, "ResourceConfig", "InstanceCount"),
                    "trainingTimeInSeconds": record.get("TrainingTimeInSeconds"),
                    "billableTimeInSeconds": record.get("BillableTimeInSeconds"),
                    "image": rec.dig(record, "AlgorithmSpecification", "TrainingImage"),
                    "algorithm": rec.dig(record, "AlgorithmSpecification", "AlgorithmName"),
                    "tuningJobArn": record.get("TuningJobArn"),
                }
            )
        stype = (step.get("CandidateStepType") or "").rsplit("::", 1)[-1]
        name = step["CandidateStepName"]
        intermediate.append(
            {
                "name": name,
                "uri": step.get("CandidateStepArn"),
                "kind": stype,
                "status": (record or {}).get(f"{stype}Status"),
            }
        )
        if err:
            step_errors.append(err)
        if not record:
            continue
        for label, uri, way in _step_locations(record):
            if uri:
                intermediate.append({"name": f"{name}: {label}", "uri": uri, "kind": f"{stype} {way}"})
    return build(
        m.Artifacts,
        {
            "job": r.get("AutoMLJobName"),
            "candidate": cand.get("CandidateName"),
            "onAws": rec.on_aws(r),
            "inputs": inputs,
            "outputs": outputs,
            "intermediate": intermediate,
            "training": training,
            "stepErrors": step_errors,
        },
    )


def network_view(r: dict, cand: dict, steps) -> m.Network:
    """From the candidate's last training job, else from the job's SecurityConfig."""
    training = [(s, record) for s, record, err in steps if record and s.get("CandidateStepType") == rec.TRAINING_STEP]
    security = rec.security_config(r)
    if training:
        step, t = training[-1]
        vpc = t.get("VpcConfig") or {}
        view = {
            "from": "trainingJob",
            "trainingJob": step["CandidateStepName"],
            "networkIsolation": bool(t.get("EnableNetworkIsolation")),
            "interContainerTrafficEncryption": bool(t.get("EnableInterContainerTrafficEncryption")),
            "vpc": {"subnets": vpc.get("Subnets") or [], "securityGroupIds": vpc.get("SecurityGroupIds") or []}
            if vpc
            else None,
            "volumeKmsKeyId": rec.dig(t, "ResourceConfig", "VolumeKmsKeyId") or security.get("VolumeKmsKeyId"),
            "outputKmsKeyId": rec.dig(t, "OutputDataConfig", "KmsKeyId") or rec.dig(r, "OutputDataConfig", "KmsKeyId"),
        }
    else:
        vpc = security.get("VpcConfig") or {}
        view = {
            "from": "jobSecurityConfig",
            "trainingJob": None,
            "networkIsolation": None,  # not part of the job's SecurityConfig
            "interContainerTrafficEncryption": bool(security.get("EnableInterContainerTrafficEncryption")),
            "vpc": {"subnets": vpc.get("Subnets") or [], "securityGroupIds": vpc.get("SecurityGroupIds") or []}
            if vpc
            else None,
            "volumeKmsKeyId": security.get("VolumeKmsKeyId"),
            "outputKmsKeyId": rec.dig(r, "OutputDataConfig", "KmsKeyId"),
        }
    view.update({"job": r.get("AutoMLJobName"), "candidate": cand.get("CandidateName"), "onAws": rec.on_aws(r)})
    return build(m.Network, view)


def _job_of(name: str | None, source_arn: str | None, display: str | None = None) -> str | None:
    if name and name.endswith(AUTOML_EXPERIMENT_SUFFIX):
        return name[: -len(AUTOML_EXPERIMENT_SUFFIX)]
    if source_arn and ":automl-job/" in source_arn:
        return display or source_arn.split(":automl-job/", 1)[1]
    return None


def experiment_item(e: dict) -> dict:
    arn = rec.dig(e, "ExperimentSource", "SourceArn")
    return {
        "name": e.get("ExperimentName"),
        "displayName": e.get("DisplayName") or e.get("ExperimentName"),
        "arn": e.get("ExperimentArn"),
        "jobName": _job_of(e.get("ExperimentName"), arn),
        "sourceArn": arn,
        "creationTime": to_iso(e.get("CreationTime")),
        "lastModifiedTime": to_iso(e.get("LastModifiedTime")),
    }


def trial_component_item(t: dict) -> dict:
    arn = rec.dig(t, "TrialComponentSource", "SourceArn")
    return {
        "name": t.get("TrialComponentName"),
        "displayName": t.get("DisplayName") or t.get("TrialComponentName"),
        "arn": t.get("TrialComponentArn"),
        "jobName": _job_of(t.get("TrialComponentName"), arn, t.get("DisplayName")),
        "sourceArn": arn,
        "sourceType": rec.dig(t, "TrialComponentSource", "SourceType"),
        "status": rec.dig(t, "Status", "PrimaryStatus"),
        "creationTime": to_iso(t.get("CreationTime")),
        "startTime": to_iso(t.get("StartTime")),
        "endTime": to_iso(t.get("EndTime")),
    }


def experiments_view(items) -> m.Experiments:
    named = [e for e in items if isinstance(e, dict) and e.get("ExperimentName")]
    return build(m.Experiments, {"experiments": [experiment_item(e) for e in named]})


def trial_components_view(items, unassigned: bool) -> m.TrialComponents:
    rows = [trial_component_item(t) for t in items if isinstance(t, dict) and t.get("TrialComponentName")]
    return build(m.TrialComponents, {"trialComponents": rows, "unassigned": unassigned})


def explainability_view(
    r: dict, cand: dict, steps, *, analysis, reason, uri, top: int, reports: dict
) -> m.Explainability:
    """SHAP values and partial dependence (when the analysis was read: ``analysis``, else the
    ``reason``) and hyperparameters."""
    labels = analysis["labels"] if analysis is not None else None
    if analysis is not None and not labels and analysis["pdp"]:
        reason = "This analysis.json holds no SHAP values (explanations.kernel_shap), only partial dependence."
    unit_note = shap_unit_note(labels[0] if labels else {})
    shap = [
        build(m.ShapLabel, {k: v for k, v in label.items() if k not in ("unit", "method")}) for label in labels or []
    ]
    charts = []
    for entry in shap:
        shown = entry.label if len(shap) > 1 else None
        ranked = sum(1 for f in entry.features if f.importance is not None)
        charts.append(
            m.ShapFigures(
                label=entry.label,
                top=figures.to_model(figures.shap_bar(entry.features, label=shown, top=top)),
                all=figures.to_model(figures.shap_bar(entry.features, label=shown, top=None))
                if top and 0 < top < ranked
                else None,
            )
        )
    name = cand.get("CandidateName")
    view = {
        "job": r.get("AutoMLJobName"),
        "candidate": name,
        "isBest": name == rec.best_candidate_name(r),
        "available": labels is not None,
        "reason": reason,
        "analysisUri": uri,
        "topFeatures": top,
        "docsUrl": CLARIFY_DOCS,
        "reports": reports,
        "unitNote": unit_note,
        **hyperparameters(steps),
    }
    view["candidateMetrics"], view["metricsComputedOn"] = measures.metrics_and_caption(r, cand, steps)
    view["partialDependenceNote"] = analysis.get("pdpNote") if analysis is not None else None
    return build(
        m.Explainability,
        view,
        labels=shap,
        figures=charts,
        partial_dependence=partial_dependence(analysis["pdp"] if analysis is not None else []),
    )


def partial_dependence(entries: list[dict]) -> list[m.PartialDependence]:
    """Clarify's partial dependence entries (as ``artifacts.parse_pdp`` reads them), each with its chart."""
    out = []
    for entry in entries:
        labels = [m.PdpLabel(label=e["label"], predictions=e["predictions"]) for e in entry["labels"]]
        distribution = entry.get("distribution")
        chart = figures.partial_dependence(entry["feature"], entry["dataType"], entry["values"], labels, distribution)
        out.append(
            m.PartialDependence(
                feature=entry["feature"],
                data_type=entry["dataType"],
                values=entry["values"],
                labels=labels,
                distribution=distribution,
                figure=figures.to_model(chart),
            )
        )
    return out


def shap_unit_note(label: dict) -> str | None:
    """What the SHAP values measure, when the file says (the local runner's do; Clarify's do not)."""
    unit = label.get("unit")
    if unit == "probability":
        text = "Mean |SHAP| in predicted probability (of the label): comparable across candidates and families."
    elif unit == "target":
        text = "Mean |SHAP| in the target's unit: comparable across candidates and families."
    else:
        return None
    method = label.get("method")
    return f"{text} Computed with {method}." if isinstance(method, str) and method else text


def performance_figures(report: m.QualityReport) -> m.PerformanceFigures:
    """The Performance tab's charts of a model-quality report (those its data allows)."""
    cm, curves = report.confusion_matrix, report.curves
    has_cm = cm is not None and bool(cm.labels)
    return m.PerformanceFigures(
        confusion_matrix=figures.to_model(figures.confusion_matrix(cm)) if cm and has_cm else None,
        confusion_matrix_normalized=figures.to_model(figures.confusion_matrix(cm, normalize=True))
        if cm and has_cm
        else None,
        roc=figures.to_model(figures.roc_curve(curves.roc)) if curves.roc else None,
        precision_recall=figures.to_model(figures.precision_recall_curve(curves.precision_recall))
        if curves.precision_recall
        else None,
    )


def performance_view(
    r: dict, cand: dict, *, report, reason, uri, reports: dict, steps=None, oof: dict | None = None
) -> m.Performance:
    """The model-quality report (when it was read: ``report``, else the ``reason``) and its charts."""
    report_view = {
        "available": report is not None,
        "reason": reason,
        "statisticsUri": uri,
        "problemType": rec.problem_type(r),
    }
    if report:
        report_view.update(report)
    quality = build(m.QualityReport, report_view)
    name = cand.get("CandidateName")
    view = {
        "job": r.get("AutoMLJobName"),
        "candidate": name,
        "isBest": name == rec.best_candidate_name(r),
        "objective": {"metric": rec.objective_metric(r), "direction": rec.objective_direction(r)},
        "objectiveValue": rec.objective_value(cand),
        "reports": reports,
    }
    view["candidateMetrics"], view["metricsComputedOn"] = measures.metrics_and_caption(r, cand, steps)
    view["reportComputedOn"] = measures.report_caption(r, quality)
    # (a local runner's rule: its training record names the threshold its signed model predicts with)
    local = not rec.on_aws(r)
    decision = measures.decision_threshold(hyperparameters(steps)["hyperparameters"]) if steps and local else None
    view["decisionThreshold"] = decision
    points, note = measures.exact_operating_points(quality, oof, decision) if oof else ([], None)
    if not points:
        points, note = measures.operating_points(quality, str(name))
    view["operatingPoints"], view["operatingPointsNote"] = points, note
    charts = performance_figures(quality)
    if oof and "predicted" in oof and quality.problem_type == "Regression":
        charts = charts.model_copy(update=measures.regression_figures(oof["actual"], oof["predicted"]))
    return build(m.Performance, view, report=quality, figures=charts)
