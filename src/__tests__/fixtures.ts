/**
 * Test data typed by the REST API's generated types (so it cannot drift from
 * the server's contract), with hostile strings. The charts are the server's
 * own figures of this data (server-figures.json, checked by
 * tests/test_ui_fixtures.py).
 */
import {
  IArtifacts,
  ICandidate,
  ICandidatesResponse,
  IExplainability,
  IJob,
  INetwork,
  IMetric,
  IPerformance,
  IPlotlyFigure
} from '../api';
import serverFiguresJson from './server-figures.json';

export const serverFigures = serverFiguresJson as unknown as Record<
  | 'shapYesTop'
  | 'shapYesAll'
  | 'shapNoTop'
  | 'confusionMatrix'
  | 'confusionMatrixNormalized'
  | 'roc'
  | 'precisionRecall',
  IPlotlyFigure
>;

function metric(name: string, value: number | null, set: string): IMetric {
  return { name, standardMetricName: name, value, set };
}

export const HOSTILE = '<img src=x onerror=alert(1)>';

export const job: IJob = {
  name: 'demo-binary',
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:automl-job/demo-binary',
  apiVersion: 'V2',
  onAws: true,
  status: 'Completed',
  secondaryStatus: 'Completed',
  isTerminal: true,
  stages: [
    { status: 'Starting', label: 'Starting', state: 'done' },
    { status: 'AnalyzingData', label: 'Analyzing data', state: 'done' },
    {
      status: 'FeatureEngineering',
      label: 'Feature engineering',
      state: 'done'
    },
    { status: 'ModelTuning', label: 'Training candidates', state: 'done' }
  ],
  problemType: 'BinaryClassification',
  problemTypeRequested: null,
  problemTypeConfigName: 'Tabular',
  objective: {
    metric: 'F1',
    direction: 'Maximize',
    requested: 'F1',
    resolved: 'F1'
  },
  targetAttribute: 'churn',
  mode: 'ENSEMBLING',
  creationTime: '2024-05-01T10:00:00Z',
  endTime: '2024-05-01T11:02:03Z',
  lastModifiedTime: '2024-05-01T11:02:03Z',
  durationSeconds: 3723,
  failureReason: null,
  partialFailureReasons: [],
  bestCandidate: 'cand-best',
  inputs: [
    {
      channel: 'training',
      uri: 's3://my-bucket/data/train.csv',
      contentType: 'text/csv',
      compressionType: null,
      dataType: 'S3Prefix'
    }
  ],
  outputPath: 's3://my-bucket/output/',
  outputKmsKeyId: null,
  roleArn: 'arn:aws:iam::123456789012:role/AutopilotRole',
  notebooks: {
    dataExploration:
      's3://my-bucket/output/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb',
    candidateDefinition: null
  },
  security: {
    enableInterContainerTrafficEncryption: true,
    volumeKmsKeyId: null,
    vpcConfig: null
  },
  completionCriteria: {
    maxCandidates: 10,
    maxRuntimePerTrainingJobInSeconds: null,
    maxAutoMLJobRuntimeInSeconds: null
  },
  dataSplit: { validationFraction: 0.2 },
  algorithms: null,
  generateCandidateDefinitionsOnly: false,
  modelDeploy: { endpointName: null, autoGenerateEndpointName: null },
  source: 'aws'
};

function cand(
  name: string,
  objective: number | null,
  status = 'Completed',
  extra: Partial<ICandidate> = {}
): ICandidate {
  return {
    name,
    status,
    objectiveStatus: objective === null ? 'Pending' : 'Succeeded',
    objectiveValue: objective,
    objectiveMetric: 'F1',
    rank: null,
    isBest: false,
    metrics:
      objective === null
        ? []
        : [
            metric('F1', objective, 'Validation'),
            metric('AUC', objective / 2, 'Validation'),
            metric('F1', objective + 0.01, 'Train')
          ],
    creationTime: '2024-05-01T10:00:00Z',
    endTime: '2024-05-01T10:05:00Z',
    lastModifiedTime: '2024-05-01T10:05:00Z',
    durationSeconds: 300,
    failureReason: null,
    hasExplainability: false,
    hasModelInsights: false,
    steps: [],
    metricsFrom: null,
    ...extra
  };
}

export const candidates: ICandidatesResponse = {
  job: 'demo-binary',
  jobStatus: 'Completed',
  metricsNote: null,
  objective: { metric: 'F1', direction: 'Maximize' },
  bestCandidate: 'cand-best',
  candidates: [
    cand('cand-best', 0.9, 'Completed', {
      isBest: true,
      hasExplainability: true,
      hasModelInsights: true
    }),
    cand('cand-b', 0.95, 'Completed'),
    cand('cand-a', 0.5, 'Completed'),
    cand(HOSTILE, 0.4, 'Failed', { failureReason: HOSTILE }),
    cand('cand-none', null, 'Stopped')
  ]
};

export function manyCandidates(n: number): ICandidate[] {
  const out: ICandidate[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      cand(`cand-${String(i).padStart(4, '0')}`, i / n, 'Completed', {
        isBest: i === n - 1
      })
    );
  }
  return out;
}

const explainabilityBase = {
  job: 'demo-binary',
  candidate: 'cand-best',
  isBest: true,
  analysisUri: null,
  topFeatures: 20,
  candidateMetrics: [],
  docsUrl:
    'https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-model-explainability.html',
  reports: { explainabilityPdf: false },
  hyperparametersByStep: [],
  hyperparametersMessage: null,
  metricsComputedOn: 'Mean over the cross-validation folds.',
  unitNote: null,
  partialDependence: [],
  partialDependenceNote: null,
  canCompute: false,
  computing: false
};

export const explainability: IExplainability = {
  ...explainabilityBase,
  available: true,
  reason: null,
  reports: { explainabilityPdf: true },
  labels: [
    {
      label: 'yes',
      expectedValue: 0.3,
      features: Array.from({ length: 25 }, (_, i) => ({
        name: i === 0 ? HOSTILE : `feature_${i}`,
        importance: 1 / (i + 1)
      }))
    },
    {
      label: 'no',
      expectedValue: 0.7,
      features: [{ name: 'other', importance: 0.2 }]
    }
  ],
  hyperparameters: { max_depth: '6', eta: '0.3', [HOSTILE]: HOSTILE },
  hyperparametersFrom: 'demo-binary-train-1',
  figures: [
    {
      label: 'yes',
      top: serverFigures.shapYesTop,
      all: serverFigures.shapYesAll
    },
    { label: 'no', top: serverFigures.shapNoTop, all: null }
  ]
};

export const noExplainability: IExplainability = {
  ...explainabilityBase,
  candidate: 'cand-b',
  isBest: false,
  available: false,
  reason: 'Autopilot produces explainability only for the best candidate.',
  labels: [],
  hyperparameters: { max_depth: '3' },
  hyperparametersFrom: 'demo-binary-train-2',
  figures: []
};

const noReports = { performancePdf: false, performanceJson: false };

export const performance: IPerformance = {
  job: 'demo-binary',
  candidate: 'cand-best',
  isBest: true,
  // three operating points of 100 rows (40 positive): the middle one has the best F1
  operatingPoints: [
    {
      threshold: null,
      tp: 10,
      fp: 0,
      tn: 60,
      fn: 30,
      precision: 1,
      recall: 0.25,
      f1: 0.4,
      fpr: 0,
      accuracy: 0.7
    },
    {
      threshold: null,
      tp: 36,
      fp: 6,
      tn: 54,
      fn: 4,
      precision: 0.8571,
      recall: 0.9,
      f1: 0.878,
      fpr: 0.1,
      accuracy: 0.9
    },
    {
      threshold: null,
      tp: 40,
      fp: 30,
      tn: 30,
      fn: 0,
      precision: 0.5714,
      recall: 1,
      f1: 0.7273,
      fpr: 0.5,
      accuracy: 0.7
    }
  ],
  decisionThreshold: null,
  operatingPointsNote:
    '3 operating points: the ROC points of the model-quality report with its class totals.',
  metricsComputedOn: 'Mean over the cross-validation folds.',
  reportComputedOn: 'Pooled out-of-fold predictions (100 rows).',
  objective: { metric: 'F1', direction: 'Maximize' },
  objectiveValue: 0.9,
  candidateMetrics: [
    metric('F1', 0.9, 'Validation'),
    metric('F1', 0.92, 'Train')
  ],
  reports: noReports,
  report: {
    available: true,
    reason: null,
    statisticsUri: null,
    problemType: 'BinaryClassification',
    itemCount: 1000,
    evaluationTime: null,
    metrics: [
      { name: 'accuracy', value: 0.91, standardDeviation: 0.01 },
      { name: 'auc', value: 0.95, standardDeviation: null }
    ],
    confusionMatrix: {
      labels: ['0', HOSTILE],
      matrix: [
        [50, 10],
        [5, 35]
      ]
    },
    curves: {
      roc: {
        falsePositiveRates: [0, 0.5, 1],
        truePositiveRates: [0, 0.8, 1],
        auc: 0.95
      },
      precisionRecall: { precisions: [1, 0.9, 0.5], recalls: [0, 0.6, 1] }
    }
  },
  figures: {
    confusionMatrix: serverFigures.confusionMatrix,
    confusionMatrixNormalized: serverFigures.confusionMatrixNormalized,
    roc: serverFigures.roc,
    precisionRecall: serverFigures.precisionRecall,
    actualVsPredicted: null,
    residuals: null
  }
};

export const noPerformance: IPerformance = {
  job: 'demo-binary',
  candidate: 'cand-b',
  isBest: false,
  operatingPoints: [],
  decisionThreshold: null,
  operatingPointsNote: null,
  metricsComputedOn: null,
  reportComputedOn: null,
  objective: { metric: 'F1', direction: 'Maximize' },
  objectiveValue: 0.95,
  candidateMetrics: [],
  reports: noReports,
  report: {
    available: false,
    reason:
      'Autopilot generates the performance report only for the best candidate.',
    statisticsUri: null,
    problemType: 'BinaryClassification',
    itemCount: null,
    evaluationTime: null,
    metrics: [],
    confusionMatrix: null,
    curves: { roc: null, precisionRecall: null }
  },
  figures: {
    confusionMatrix: null,
    confusionMatrixNormalized: null,
    roc: null,
    precisionRecall: null,
    actualVsPredicted: null,
    residuals: null
  }
};

function artifact(name: string, uri: string, kind: string) {
  return {
    name,
    uri,
    kind,
    contentType: null,
    image: null,
    status: null,
    environment: {}
  };
}

export const artifacts: IArtifacts = {
  job: 'demo-binary',
  candidate: 'cand-best',
  onAws: true,
  inputs: [artifact('training', 's3://my-bucket/data/train.csv', 'input')],
  outputs: [
    artifact('model', 's3://my-bucket/output/model.tar.gz', 'modelData'),
    artifact(HOSTILE, 'javascript:alert(1)', 'other')
  ],
  intermediate: [],
  training: [],
  stepErrors: []
};

export const network: INetwork = {
  job: 'demo-binary',
  candidate: 'cand-best',
  onAws: true,
  from: 'trainingJob',
  trainingJob: 'demo-binary-train-1',
  networkIsolation: true,
  interContainerTrafficEncryption: false,
  vpc: { subnets: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] },
  volumeKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  outputKmsKeyId: null
};
