import { AutopilotApiError, AutopilotClient } from '../api';
import * as fx from './fixtures';

export type FakeClient = { [K in keyof AutopilotClient]: jest.Mock };

/** A client whose every method resolves with fixture data (override per test). */
export function fakeClient(
  overrides: Partial<Record<keyof AutopilotClient, jest.Mock>> = {}
): AutopilotClient & FakeClient {
  const base: Partial<Record<keyof AutopilotClient, jest.Mock>> = {
    sources: jest.fn(async () => ({
      sources: [
        {
          id: 'aws',
          label: 'AWS',
          region: 'eu-west-1',
          available: false,
          message: 'No AWS credentials found: run aws configure.'
        },
        { id: 'local', label: 'Local jobs', available: true, message: null }
      ]
    })),
    listJobs: jest.fn(async () => ({
      jobs: [
        {
          name: 'demo-binary',
          status: 'Completed',
          creationTime: '2024-05-01T10:00:00Z'
        },
        {
          name: 'demo-running',
          status: 'InProgress',
          creationTime: '2024-05-02T10:00:00Z'
        }
      ],
      nextToken: null
    })),
    uiSettings: jest.fn(async () => ({
      topFeatures: 20,
      jobNamePattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}',
      jobNameMaxLength: 32,
      candidateNamePattern: '[a-zA-Z0-9](-*[a-zA-Z0-9_.]){0,63}',
      maxCandidates: 250,
      awsMaxCandidates: 750,
      defaultMaxCandidates: 10,
      defaultRoleArn: null,
      defaultOutputPath: null,
      problemTypes: [
        'BinaryClassification',
        'MulticlassClassification',
        'Regression'
      ],
      modes: ['AUTO', 'ENSEMBLING', 'HYPERPARAMETER_TUNING'],
      objectives: {
        BinaryClassification: ['Accuracy', 'AUC', 'F1'],
        MulticlassClassification: ['Accuracy', 'F1macro'],
        Regression: ['MAE', 'MSE', 'R2', 'RMSE']
      },
      defaultObjectives: {
        BinaryClassification: 'F1',
        MulticlassClassification: 'Accuracy',
        Regression: 'MSE'
      }
    })),
    job: jest.fn(async () => fx.job),
    candidates: jest.fn(async () => fx.candidates),
    // a fresh client has read no leaderboard yet: the model-details header fetches it
    knownCandidate: jest.fn(() => undefined),
    explainability: jest.fn(async () => fx.explainability),
    performance: jest.fn(async () => fx.performance),
    artifacts: jest.fn(async () => fx.artifacts),
    network: jest.fn(async () => fx.network),
    notebook: jest.fn(async () => ({
      cells: [],
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {}
    })),
    report: jest.fn(async () => new Blob(['x'])),
    experiments: jest.fn(async () => ({
      experiments: [
        { name: 'demo-binary-aws-auto-ml-job', jobName: 'demo-binary' }
      ]
    })),
    trialComponents: jest.fn(async () => ({
      trialComponents: [
        {
          name: 'demo-binary',
          status: 'Completed',
          jobName: 'demo-binary',
          sourceArn: 'arn:aws:sagemaker:us-east-1:1:automl-job/demo-binary'
        }
      ]
    }))
  };
  return { ...base, ...overrides } as any;
}

export function apiError(status: number, message: string) {
  return new AutopilotApiError(message, status);
}

/** No element in the tree may come from a hostile string. */
export function expectNoInjectedMarkup(container: HTMLElement) {
  expect(container.querySelector('img')).toBeNull();
  expect(container.querySelector('script')).toBeNull();
  expect(container.querySelector('[onerror]')).toBeNull();
  for (const a of Array.from(container.querySelectorAll('a'))) {
    const href = a.getAttribute('href') || '';
    expect(href.startsWith('https://')).toBe(true);
  }
}
