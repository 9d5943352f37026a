"""The contract: every answer of the REST API (and every view the notebook API reads) as a typed model.

Field names are snake_case in Python and camelCase on the wire (``by_alias``). The OpenAPI document
(``rest/openapi.json``) is generated from these models (``python -m jupyter_autopilot.rest.openapi``)
and the frontend's TypeScript types from that document (``npm run build:api``); a test fails when
either committed file differs from what the models make. Every field is always present in an answer
(``None`` as ``null``), so the generated types say exactly what the UI may read.

(About 710 lines: the whole contract in one place, one short class per answer or request, in the
order of the routes; split, the OpenAPI document's one source would be scattered.)
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from ..names import AWS_MAX_CANDIDATES, JOB_NAME, JOB_NAME_MAX_LENGTH, MAX_CANDIDATES, MAX_RUNTIME_SECONDS

Direction = Literal["Maximize", "Minimize"]


class ViewModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        json_schema_serialization_defaults_required=True,
        ser_json_inf_nan="null",
    )

    def to_json(self) -> bytes:
        """Strict JSON (no NaN / Infinity), camelCase, every field present."""
        return self.model_dump_json(by_alias=True).encode("utf-8")

    def to_dict(self) -> dict:
        """The JSON answer as Python data (what a MIME bundle carries)."""
        return self.model_dump(mode="json", by_alias=True)


class Figure(ViewModel):
    """A plotly figure as JSON (``fig.to_json()``): what plotly.js's ``Plotly.react`` takes."""

    model_config = ConfigDict(extra="allow")
    data: list[dict[str, Any]]
    layout: dict[str, Any]


class Error(ViewModel):
    """Every error answer: a message a person can act on, a stable code, AWS's request id. (The
    Jupyter server answers its own 403s as ``{"message", "reason"}``: only ``message`` is sure.)"""

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=False)
    message: str
    code: str | None = None
    request_id: str | None = Field(None, description="AWS's request id, when AWS answered the error")
    file: str | None = Field(None, description="The artifact the message is about (malformed files)")
    output: str | None = Field(None, description="The file that exists already (OutputExists)")
    field: str | None = Field(None, description="The request field the message is about (400s of job requests)")


# -- sources and jobs --------------------------------------------------------------------------------
class Source(ViewModel):
    id: str
    label: str
    available: bool
    message: str
    region: str | None = None
    profile: str | None = None
    endpoint_url: bool | None = Field(None, description="True when an endpoint override is configured")
    credentials: str | None = Field(None, description="How botocore found the AWS credentials (its method)")
    jobs_dir: str | None = Field(None, description="The local jobs folder")


class Sources(ViewModel):
    sources: list[Source]
    settings: UiSettings


class UiSettings(ViewModel):
    """The server settings the frontend follows (one home: ``AutopilotConfig``)."""

    top_features: int = Field(description="SHAP features the explainability chart shows")
    job_name_pattern: str = Field(description="The job-name rule (regular expression, whole name)")
    job_name_max_length: int
    candidate_name_pattern: str
    max_candidates: int = Field(description="Most candidates a local job may plan")
    aws_max_candidates: int = Field(description="Most candidates an AWS job may plan (the service model's limit)")
    default_max_candidates: int = Field(description="The max candidates a new job starts with")
    default_role_arn: str | None = Field(None, description="The IAM role ARN a new AWS job starts with")
    default_output_path: str | None = Field(None, description="The s3:// output path a new AWS job starts with")
    problem_types: list[str] = Field(description="Autopilot's tabular problem types")
    modes: list[str] = Field(description="Autopilot's modes")
    objectives: dict[str, list[str]] = Field(description="The objective metrics of each problem type")
    default_objectives: dict[str, str] = Field(description="Autopilot's default objective of each problem type")


class JobSummary(ViewModel):
    name: str
    arn: str | None = None
    status: str | None = None
    secondary_status: str | None = None
    creation_time: str | None = None
    end_time: str | None = None
    last_modified_time: str | None = None
    failure_reason: str | None = None
    partial_failure_reasons: list[str] = []


class JobsPage(ViewModel):
    jobs: list[JobSummary]
    next_token: str | None = None


class Objective(ViewModel):
    metric: str | None = None
    direction: Direction | None = None


class JobObjective(Objective):
    requested: str | None = None
    resolved: str | None = None


class InputChannel(ViewModel):
    channel: str | None = None
    uri: str | None = None
    content_type: str | None = None
    compression_type: str | None = None
    data_type: str | None = None


class NotebookLocations(ViewModel):
    data_exploration: str | None = None
    candidate_definition: str | None = None


class CompletionCriteria(ViewModel):
    max_candidates: int | None = None
    max_runtime_per_training_job_in_seconds: int | None = None
    max_auto_ml_job_runtime_in_seconds: int | None = Field(None, alias="maxAutoMLJobRuntimeInSeconds")


class DataSplit(ViewModel):
    validation_fraction: float | None = None


class Vpc(ViewModel):
    subnets: list[str] = []
    security_group_ids: list[str] = []


class JobSecurity(ViewModel):
    volume_kms_key_id: str | None = None
    enable_inter_container_traffic_encryption: bool = False
    vpc_config: Vpc | None = None


class ModelDeploy(ViewModel):
    endpoint_name: str | None = None
    auto_generate_endpoint_name: bool | None = None


class Stage(ViewModel):
    status: str = Field(description="The AutoMLJobSecondaryStatus that starts the stage")
    label: str
    state: Literal["done", "current", "pending"]


class Job(ViewModel):
    name: str
    arn: str | None = None
    api_version: Literal["V1", "V2"]
    on_aws: bool = Field(description="False for jobs of the local runner (their s3:// URIs name local files)")
    status: str | None = None
    secondary_status: str | None = None
    is_terminal: bool
    stages: list[Stage] = Field(description="The job's stages in order, from its secondary status")
    problem_type: str | None = None
    problem_type_requested: str | None = None
    problem_type_config_name: str | None = None
    objective: JobObjective
    target_attribute: str | None = None
    mode: str | None = None
    creation_time: str | None = None
    end_time: str | None = None
    last_modified_time: str | None = None
    duration_seconds: float | None = None
    failure_reason: str | None = None
    partial_failure_reasons: list[str] = []
    best_candidate: str | None = None
    inputs: list[InputChannel] = []
    output_path: str | None = None
    output_kms_key_id: str | None = None
    role_arn: str | None = None
    notebooks: NotebookLocations
    completion_criteria: CompletionCriteria
    data_split: DataSplit
    algorithms: list[str] | None = None
    generate_candidate_definitions_only: bool = False
    security: JobSecurity
    model_deploy: ModelDeploy
    source: str


# -- the leaderboard -------------------------------------------------------------------------------
class Metric(ViewModel):
    name: str
    standard_metric_name: str | None = None
    value: float | None = None
    set: str | None = None


class Step(ViewModel):
    type: str | None = None
    name: str | None = None
    arn: str | None = None


class Candidate(ViewModel):
    """A leaderboard row."""

    name: str
    status: str | None = None
    objective_status: str | None = None
    objective_value: float | None = None
    objective_metric: str | None = None
    rank: int | None = Field(None, description="1 = best objective value; null without a value")
    is_best: bool = False
    metrics: list[Metric] = []
    creation_time: str | None = None
    end_time: str | None = None
    last_modified_time: str | None = None
    duration_seconds: float | None = None
    failure_reason: str | None = None
    has_explainability: bool = False
    has_model_insights: bool = False
    steps: list[Step] = []
    metrics_from: str | None = Field(
        None, description="The training job whose FinalMetricDataList gave the metrics (no CandidateMetrics)"
    )


class Candidates(ViewModel):
    job: str | None = None
    job_status: str | None = None
    objective: Objective
    best_candidate: str | None = None
    candidates: list[Candidate]
    metrics_note: str | None = Field(None, description="Where the metrics come from, when not CandidateMetrics")


# -- model details ----------------------------------------------------------------------------------
class FeatureImportance(ViewModel):
    name: str
    importance: float | None = None


class ShapLabel(ViewModel):
    label: str
    expected_value: float | None = None
    features: list[FeatureImportance]


class StepHyperparameters(ViewModel):
    step: str
    hyperparameters: dict[str, str]
    error: str | None = None


class ShapFigures(ViewModel):
    """The SHAP bar chart of one label: its top features (the ``top_features`` setting) and,
    when the label has more features than that, all of them."""

    label: str
    top: Figure
    all: Figure | None = None


class PdpLabel(ViewModel):
    label: str
    predictions: list[float | None] = Field(description="The model's mean prediction at each feature value")


class PartialDependence(ViewModel):
    """One feature's partial dependence, from Clarify's ``explanations.pdp``."""

    feature: str
    data_type: Literal["numerical", "categorical"]
    values: list[float | str | None] = Field(description="The feature values (the grid), in file order")
    labels: list[PdpLabel] = Field(description="One per label, each with one prediction per value")
    distribution: list[float | None] | None = Field(
        None,
        description="Clarify's data_distribution: the share of the data's rows in each value's bin, "
        "one per value (null when the file has none)",
    )
    figure: Figure = Field(
        description="One line (numerical) or bar group (categorical) per label; under it, the data "
        "distribution's bars when the file has one"
    )


class ExplainabilityReports(ViewModel):
    explainability_pdf: bool = False


class Explainability(ViewModel):
    job: str
    candidate: str
    is_best: bool
    available: bool
    reason: str | None = None
    analysis_uri: str | None = None
    labels: list[ShapLabel]
    top_features: int = Field(description="Features the top chart of each label shows")
    figures: list[ShapFigures] = Field(description="One per label, in the order of labels")
    candidate_metrics: list[Metric]
    docs_url: str
    reports: ExplainabilityReports
    hyperparameters: dict[str, str]
    hyperparameters_from: str | None = None
    hyperparameters_by_step: list[StepHyperparameters]
    hyperparameters_message: str | None = None
    metrics_computed_on: str | None = Field(None, description="What candidateMetrics were computed on")
    unit_note: str | None = Field(None, description="What the SHAP values measure, when the file says")
    partial_dependence: list[PartialDependence] = Field(
        [], description="Clarify's partial dependence plots, when the analysis file has them"
    )
    partial_dependence_note: str | None = Field(None, description="Which partial dependence entries were left out")
    can_compute: bool = Field(
        False,
        description="No explanation yet, and one can be computed now (POST explanation): a finished local "
        "job's completed candidate",
    )
    computing: bool = Field(False, description="Its explanation is being computed; it appears when written")


class ReportMetric(ViewModel):
    name: str
    value: float | None = None
    standard_deviation: float | None = None


class ConfusionMatrix(ViewModel):
    labels: list[str]
    matrix: list[list[float | None]] = Field(description="rows = actual label, columns = predicted label")


class RocCurve(ViewModel):
    false_positive_rates: list[float | None]
    true_positive_rates: list[float | None]
    auc: float | None = None


class PrecisionRecallCurve(ViewModel):
    precisions: list[float | None]
    recalls: list[float | None]


class Curves(ViewModel):
    roc: RocCurve | None = None
    precision_recall: PrecisionRecallCurve | None = None


class QualityReport(ViewModel):
    available: bool
    reason: str | None = None
    statistics_uri: str | None = None
    problem_type: str | None = None
    item_count: float | None = None
    evaluation_time: str | None = None
    metrics: list[ReportMetric] = []
    confusion_matrix: ConfusionMatrix | None = None
    curves: Curves = Curves()


class PerformanceFigures(ViewModel):
    confusion_matrix: Figure | None = None
    confusion_matrix_normalized: Figure | None = None
    roc: Figure | None = None
    precision_recall: Figure | None = None
    actual_vs_predicted: Figure | None = Field(None, description="Regression, out-of-fold predictions")
    residuals: Figure | None = Field(None, description="Regression, out-of-fold predictions")


class PerformanceReports(ViewModel):
    performance_pdf: bool = False
    performance_json: bool = False


class OperatingPoint(ViewModel):
    """A decision threshold of a binary classifier and the counts it gives."""

    threshold: float | None = Field(None, description="null: the report records the point, not its threshold")
    tp: int
    fp: int
    tn: int
    fn: int
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    fpr: float | None = None
    accuracy: float | None = None


class Performance(ViewModel):
    job: str
    candidate: str
    is_best: bool
    objective: Objective
    objective_value: float | None = None
    candidate_metrics: list[Metric]
    report: QualityReport
    figures: PerformanceFigures
    reports: PerformanceReports
    operating_points: list[OperatingPoint] = Field(
        [], description="Binary classifiers: the points the threshold slider moves along"
    )
    operating_points_note: str | None = Field(None, description="What the points come from")
    decision_threshold: float | None = Field(
        None,
        description="The probability of the positive class at or above which the model predicts it, when its "
        "job chose one (the local runner, for F1 and balanced accuracy); null: the likelier class (0.5)",
    )
    metrics_computed_on: str | None = Field(None, description="What candidateMetrics were computed on")
    report_computed_on: str | None = Field(None, description="What the model-quality report was computed on")


class Artifact(ViewModel):
    name: str
    uri: str | None = None
    kind: str
    content_type: str | None = None
    image: str | None = None
    status: str | None = None
    environment: dict[str, str] = Field({}, description="An inference container's environment")


class TrainingJobFacts(ViewModel):
    """What a candidate's training job record says about how it ran."""

    name: str
    status: str | None = None
    instance_type: str | None = None
    instance_count: int | None = None
    training_time_in_seconds: int | None = None
    billable_time_in_seconds: int | None = None
    image: str | None = None
    algorithm: str | None = None
    tuning_job_arn: str | None = None


class Artifacts(ViewModel):
    job: str | None = None
    candidate: str | None = None
    on_aws: bool
    inputs: list[Artifact]
    outputs: list[Artifact]
    intermediate: list[Artifact]
    training: list[TrainingJobFacts] = Field([], description="The candidate's training jobs, as they ran")
    step_errors: list[str] = []


class Network(ViewModel):
    job: str | None = None
    candidate: str | None = None
    on_aws: bool = Field(description="False for jobs of the local runner: no SageMaker network applies")
    from_: Literal["trainingJob", "jobSecurityConfig"] = Field(alias="from")
    training_job: str | None = None
    network_isolation: bool | None = Field(None, description="null when read from the job (not part of it)")
    inter_container_traffic_encryption: bool | None = None
    vpc: Vpc | None = None
    volume_kms_key_id: str | None = None
    output_kms_key_id: str | None = None


# -- experiments and trial components -----------------------------------------------------------
class Experiment(ViewModel):
    name: str
    display_name: str | None = None
    arn: str | None = None
    job_name: str | None = None
    source_arn: str | None = None
    creation_time: str | None = None
    last_modified_time: str | None = None


class Experiments(ViewModel):
    experiments: list[Experiment]


class TrialComponent(ViewModel):
    name: str
    display_name: str | None = None
    arn: str | None = None
    job_name: str | None = None
    source_arn: str | None = None
    source_type: str | None = None
    status: str | None = None
    creation_time: str | None = None
    start_time: str | None = None
    end_time: str | None = None


class TrialComponents(ViewModel):
    trial_components: list[TrialComponent]
    unassigned: bool


# -- requests and their answers -------------------------------------------------------------------
ProblemType = Literal["BinaryClassification", "MulticlassClassification", "Regression"]


class VpcConfigRequest(ViewModel):
    subnets: list[str] = Field(min_length=1, max_length=16)
    security_group_ids: list[str] = Field(min_length=1, max_length=5)


class SecurityRequest(ViewModel):
    volume_kms_key_id: str | None = Field(None, description="KMS key for the training volumes")
    enable_inter_container_traffic_encryption: bool | None = None
    vpc_config: VpcConfigRequest | None = None


class CreateJobRequest(ViewModel):
    """POST {source}/jobs (and {source}/job-preview). Each field is checked on its own; a wrong one
    is a 400 naming it. ``outputPath``, ``roleArn``, ``security`` and ``tags`` are for AWS only."""

    name: str = Field(pattern=f"^{JOB_NAME.pattern}$", max_length=JOB_NAME_MAX_LENGTH, description="The job name")
    input: str = Field(
        min_length=1, max_length=1024, description="local: a .csv path relative to the Jupyter root; aws: an s3:// URI"
    )
    target: str = Field(min_length=1, description="The column to predict")
    problem_type: ProblemType | None = Field(None, description="Left out: inferred from the target column")
    objective: str | None = Field(None, description="An objective metric of the problem type")
    mode: Literal["AUTO", "ENSEMBLING", "HYPERPARAMETER_TUNING"] | None = None
    max_candidates: int | None = Field(
        None, ge=1, le=AWS_MAX_CANDIDATES, description=f"local: at most {MAX_CANDIDATES}"
    )
    max_runtime_seconds: int | None = Field(None, ge=1, le=MAX_RUNTIME_SECONDS)
    output_path: str | None = Field(None, description="aws: the s3:// output location (default: the server setting)")
    role_arn: str | None = Field(None, description="aws: the IAM role SageMaker assumes (default: the server setting)")
    security: SecurityRequest | None = None
    tags: dict[str, str] | None = Field(None, max_length=50)


class FieldError(ViewModel):
    field: str = Field(description="The request field (camelCase, dotted below security); empty for the body")
    message: str


class JobPreview(ViewModel):
    """What POST {source}/jobs would do with a request, without doing it: each field's error, the
    input's columns (local), and the exact request it would send."""

    valid: bool
    errors: list[FieldError]
    columns: list[str] | None = Field(None, description="The header of the local input CSV, once it resolves")
    operation: str = Field(description="CreateAutoMLJobV2 (aws) or the local runner's command")
    request: dict[str, Any] | None = Field(None, description="The exact request (aws) or the runner's arguments")
    command: str | None = Field(None, description="local: the equivalent command line")
    notes: list[str] = []


class PredictionsRequest(ViewModel):
    input: str = Field(min_length=1, max_length=4096, description="Path of a .csv file, relative to the Jupyter root")
    overwrite: bool = Field(False, description="Replace an existing predictions file")


class Predictions(ViewModel):
    output: str = Field(description="The predictions file, relative to the Jupyter root")
    rows: int
    scored_rows: int | None = None
    accuracy: float | None = None
    mse: float | None = None
    r2: float | None = None


class ComparedMetric(ViewModel):
    set: str = Field(description="Validation, Train, ...")
    name: str
    direction: Direction | None = None
    values: list[float | None] = Field(description="One per candidate, in the order asked")
    best: int | None = Field(
        None, description="Index of the best value (null: fewer than 2 values, or a metric of unknown direction)"
    )


class ComparedHyperparameter(ViewModel):
    name: str
    values: list[str | None] = Field(description="One per candidate, in the order asked")
    differs: bool


class ComparedPerformance(ViewModel):
    """One compared candidate's Performance chart: its confusion matrix (classification) or its
    actual-vs-predicted plot (regression), or why it has none."""

    candidate: str
    figure: Figure | None = None
    reason: str | None = Field(None, description="Why there is no figure")
    computed_on: str | None = Field(None, description="What the figure was computed on")


class Comparison(ViewModel):
    """Candidates side by side: metrics, hyperparameters (those that differ first), performance
    charts, SHAP shares."""

    job: str
    candidates: list[str]
    objective: Objective
    metrics: list[ComparedMetric]
    hyperparameters: list[ComparedHyperparameter]
    shap: Figure | None = Field(None, description="SHAP shares on one shared feature order")
    shap_note: str | None = None
    notes: list[str] = []
    performance: list[ComparedPerformance] = Field(
        [], description="One per candidate, in the order asked: confusion matrices or actual-vs-predicted plots"
    )


class FeatureStability(ViewModel):
    name: str
    mean_share: float = Field(description="Mean share of the attribution across the candidates")
    best_rank: int = Field(description="Its best rank among a candidate's features (1 = most important)")
    worst_rank: int


class ShapMatrix(ViewModel):
    """SHAP across candidates: shares of each candidate's total mean |SHAP| (units do not matter)."""

    job: str
    candidates: list[str] = Field(description="Rows, in leaderboard order")
    features: list[str] = Field(description="Columns, the largest mean share first")
    shares: list[list[float]]
    stability: list[FeatureStability]
    warnings: list[str] = Field(description="Possible leakage: a dominant feature, an identifier-like one")
    unexplained: list[str] = Field(description="Top candidates without explainability output")
    unit_note: str
    figure: Figure | None = None


class Endpoint(ViewModel):
    """A SageMaker endpoint made from a candidate (DescribeEndpoint / the model dashboard)."""

    name: str
    arn: str | None = None
    status: str | None = None
    failure_reason: str | None = None
    instance_count: int | None = None
    creation_time: str | None = None
    last_modified_time: str | None = None


class TransformJob(ViewModel):
    """A batch transform job made from a candidate (DescribeTransformJob)."""

    name: str
    arn: str | None = None
    status: str | None = None
    failure_reason: str | None = None
    input: str | None = None
    output: str | None = None
    instance_type: str | None = None
    instance_count: int | None = None
    creation_time: str | None = None
    end_time: str | None = None


class Deployments(ViewModel):
    """What was made from a candidate to use it: endpoints and batch transform jobs (AWS)."""

    endpoints: list[Endpoint]
    transform_jobs: list[TransformJob]
    message: str | None = Field(None, description="Why there is nothing to list (a local candidate)")


class DeployRequest(ViewModel):
    """POST .../endpoints: a real-time endpoint from the candidate (billable on AWS)."""

    endpoint_name: str = Field(pattern=r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", max_length=63)
    instance_type: str = Field(description="An instance type of CreateEndpointConfig, e.g. ml.m5.large")
    instance_count: int = Field(1, ge=1, le=10)


class TransformRequest(ViewModel):
    """POST .../transform-jobs: a batch transform job of the candidate on CSV rows (billable on AWS)."""

    transform_job_name: str = Field(pattern=r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", max_length=63)
    input: str = Field(description="s3:// prefix of CSV rows (feature columns, no header, no target)")
    output: str = Field(description="s3:// location of the predictions")
    instance_type: str = Field(description="An instance type of CreateTransformJob, e.g. ml.m5.large")
    instance_count: int = Field(1, ge=1, le=10)


Sources.model_rebuild()
M = TypeVar("M", bound=ViewModel)

#: every model the REST API answers or takes, by the name its schema has in the OpenAPI document
CONTRACT: tuple[type[ViewModel], ...] = (
    Error,
    Sources,
    JobsPage,
    Job,
    Candidates,
    Explainability,
    Performance,
    Artifacts,
    Network,
    Experiments,
    TrialComponents,
    CreateJobRequest,
    JobPreview,
    PredictionsRequest,
    Predictions,
    Comparison,
    ShapMatrix,
    Deployments,
    Endpoint,
    TransformJob,
    DeployRequest,
    TransformRequest,
)
