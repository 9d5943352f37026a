/**
 * The REST API's types: names over the types generated from the OpenAPI
 * document (`schema.ts`, made by `npm run build:api` from
 * `jupyter_autopilot/rest/openapi.json`, itself generated from the server's
 * typed models). Nothing here restates a field: change the models, regenerate.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

/** `aws` or `local` (kept open for future sources). */
export type SourceId = string;

export type ISource = Schemas['Source'];
export type IUiSettings = Schemas['UiSettings'];
export type ISourcesResponse = Schemas['Sources'];
export type IJobSummary = Schemas['JobSummary'];
export type IJobsResponse = Schemas['JobsPage'];
export type IObjective = Schemas['Objective'];
export type IInputChannel = Schemas['InputChannel'];
export type INotebookLocations = Schemas['NotebookLocations'];
export type IJob = Schemas['Job'];
export type IMetric = Schemas['Metric'];
export type ICandidate = Schemas['Candidate'];
export type ICandidatesResponse = Schemas['Candidates'];
export type IFeatureImportance = Schemas['FeatureImportance'];
export type IExplainabilityLabel = Schemas['ShapLabel'];
export type IExplainability = Schemas['Explainability'];
export type IPartialDependence = Schemas['PartialDependence'];
export type IConfusionMatrix = Schemas['ConfusionMatrix'];
export type IRocCurve = Schemas['RocCurve'];
export type IPrecisionRecallCurve = Schemas['PrecisionRecallCurve'];
export type IPerformanceReport = Schemas['QualityReport'];
export type IPerformanceFigures = Schemas['PerformanceFigures'];
export type IPerformance = Schemas['Performance'];
export type IArtifact = Schemas['Artifact'];
export type IArtifacts = Schemas['Artifacts'];
export type ITrainingJobFacts = Schemas['TrainingJobFacts'];
export type IVpcConfig = Schemas['Vpc'];
export type INetwork = Schemas['Network'];
export type IExperiment = Schemas['Experiment'];
export type IExperimentsResponse = Schemas['Experiments'];
export type ITrialComponent = Schemas['TrialComponent'];
export type ITrialComponentsResponse = Schemas['TrialComponents'];
export type ICreateJobRequest = Schemas['CreateJobRequest'];
export type IJobPreview = Schemas['JobPreview'];
export type IFieldError = Schemas['FieldError'];
export type IPredictionsRequest = Schemas['PredictionsRequest'];
export type IPredictions = Schemas['Predictions'];
export type IDeployments = Schemas['Deployments'];
export type IComparison = Schemas['Comparison'];
export type IOperatingPoint = Schemas['OperatingPoint'];
export type IShapMatrix = Schemas['ShapMatrix'];
export type IEndpoint = Schemas['Endpoint'];
export type ITransformJob = Schemas['TransformJob'];
export type IDeployRequest = Schemas['DeployRequest'];
export type ITransformRequest = Schemas['TransformRequest'];
export type IApiError = Schemas['Error'];

/**
 * A Plotly object (a trace, a layout, a part of one) as JSON. Plotly's figure
 * schema is open-ended (hundreds of attributes per trace type, nested at any
 * depth), so this is the one loosely typed record of the frontend: chart code
 * reads and builds plotly JSON through it, nothing else does.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PlotlyObject = Record<string, any>;

/** A Plotly figure as JSON (`fig.to_json()` on the Python side). */
export type IPlotlyFigure = Schemas['Figure'];

/** A Jupyter notebook as JSON (nbformat 4), as the server read it. */
export interface INotebookContent {
  cells: unknown[];
  metadata?: Record<string, unknown>;
  nbformat?: number;
  nbformat_minor?: number;
  [key: string]: unknown;
}

export type NotebookKind = 'dataExploration' | 'candidateDefinition';
export type ReportKind =
  'explainabilityPdf' | 'performancePdf' | 'performanceJson';
