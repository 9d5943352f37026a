"""The stages of an AutoML job, read from its ``AutoMLJobSecondaryStatus`` (DescribeAutoMLJobV2):
what the job tab shows while the job runs. AWS and the local runner name them alike."""

from __future__ import annotations

from .. import records as rec

# (the secondary statuses of the stage, its label), in the order Autopilot runs them
_STAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Starting",), "Starting"),
    (("AnalyzingData", "PreTraining"), "Analyzing data"),
    (("FeatureEngineering", "CandidateDefinitionsGenerated"), "Feature engineering"),
    (
        ("ModelTuning", "TrainingModels", "MaxCandidatesReached", "MaxAutoMLJobRuntimeReached"),
        "Training candidates",
    ),
    (("GeneratingExplainabilityReport", "ExplainabilityError"), "Explainability report"),
    (("GeneratingModelInsightsReport", "ModelInsightsError"), "Model insights report"),
    (("DeployingModel", "ModelDeploymentError"), "Deploying the best model"),
)


def job_stages(record: dict) -> list[dict]:
    """Each stage of this job with its state: done, current or pending (all done once Completed)."""
    stages = list(_STAGES)
    if rec.job_mode(record) == "ENSEMBLING":  # ensembling trains on the features as they are
        stages = [s for s in stages if s[1] != "Feature engineering"]
    if not rec.dig(record, "ModelDeployConfig"):
        stages = [s for s in stages if s[1] != "Deploying the best model"]
    status = record.get("AutoMLJobStatus")
    secondary = record.get("AutoMLJobSecondaryStatus")
    current = next((i for i, (names, _) in enumerate(stages) if secondary in names), None)
    out = []
    for i, (names, label) in enumerate(stages):
        if status == "Completed" or (current is not None and i < current):
            state = "done"
        elif current is not None and i == current and status in ("InProgress", "Stopping"):
            state = "current"
        else:
            state = "pending"
        out.append({"status": names[0], "label": label, "state": state})
    return out
