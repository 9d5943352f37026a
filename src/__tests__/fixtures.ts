/**
 * Test data shaped like the REST API (issue 2), with hostile strings.
 */
import {
  IArtifacts,
  ICandidate,
  ICandidatesResponse,
  IExplainability,
  IJob,
  INetwork,
  IPerformance
} from '../api';

export const HOSTILE = '<img src=x onerror=alert(1)>';

export const job: IJob = {
  name: 'demo-binary',
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:automl-job/demo-binary',
  status: 'Completed',
  secondaryStatus: 'Completed',
  problemType: 'BinaryClassification',
  objective: { metric: 'F1', direction: 'Maximize' },
  targetAttribute: 'churn',
  mode: 'ENSEMBLING',
  creationTime: '2024-05-01T10:00:00Z',
  endTime: '2024-05-01T11:02:03Z',
  failureReason: null,
  bestCandidate: 'cand-best',
  inputs: [
    {
      channel: 'training',
      uri: 's3://my-bucket/data/train.csv',
      contentType: 'text/csv'
    }
  ],
  outputPath: 's3://my-bucket/output/',
  notebooks: {
    dataExploration:
      's3://my-bucket/output/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb',
    candidateDefinition: null
  },
  security: {
    enableInterContainerTrafficEncryption: true,
    volumeKmsKeyId: null
  },
  completionCriteria: { maxCandidates: 10 }
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
    objectiveValue: objective,
    metrics:
      objective === null
        ? []
        : [
            { name: 'F1', value: objective, set: 'Validation' },
            { name: 'AUC', value: objective / 2, set: 'Validation' },
            { name: 'F1', value: objective + 0.01, set: 'Train' }
          ],
    creationTime: '2024-05-01T10:00:00Z',
    endTime: '2024-05-01T10:05:00Z',
    failureReason: null,
    hasExplainability: false,
    hasModelInsights: false,
    ...extra
  };
}

export const candidates: ICandidatesResponse = {
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

export const explainability: IExplainability = {
  available: true,
  reason: null,
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
  hyperparameters: { max_depth: '6', eta: 0.3, [HOSTILE]: HOSTILE },
  hyperparametersFrom: 'demo-binary-train-1',
  figure: {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: [1],
        y: ['a'],
        marker: { color: '#123456' }
      }
    ],
    layout: {
      title: { text: 'Feature importance' },
      xaxis: { title: { text: 'mean |SHAP|' } }
    }
  }
};

export const noExplainability: IExplainability = {
  available: false,
  reason: 'Autopilot produces explainability only for the best candidate.',
  labels: [],
  hyperparameters: { max_depth: '3' },
  hyperparametersFrom: 'demo-binary-train-2',
  figure: null
};

export const performance: IPerformance = {
  candidateMetrics: [
    { name: 'F1', value: 0.9, set: 'Validation' },
    { name: 'F1', value: 0.92, set: 'Train' }
  ],
  report: {
    available: true,
    reason: null,
    problemType: 'BinaryClassification',
    itemCount: 1000,
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
      roc: { x: [0, 0.5, 1], y: [0, 0.8, 1], auc: 0.95 },
      precisionRecall: null
    }
  },
  figures: {}
};

export const noPerformance: IPerformance = {
  candidateMetrics: [],
  report: {
    available: false,
    reason:
      'Autopilot generates the performance report only for the best candidate.',
    metrics: []
  },
  figures: null
};

export const artifacts: IArtifacts = {
  inputs: [
    { name: 'training', uri: 's3://my-bucket/data/train.csv', kind: 'input' }
  ],
  outputs: [
    {
      name: 'model',
      uri: 's3://my-bucket/output/model.tar.gz',
      kind: 'modelData'
    },
    { name: HOSTILE, uri: 'javascript:alert(1)', kind: 'other' }
  ],
  intermediate: []
};

export const network: INetwork = {
  networkIsolation: true,
  interContainerTrafficEncryption: false,
  vpc: { subnets: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] },
  volumeKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  outputKmsKeyId: null
};
