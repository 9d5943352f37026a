/**
 * Creating, watching and stopping jobs: the "New AutoML job" form (request body, server checks
 * shown beside their fields, the target picker, the AWS confirmation), the job tab's progress and
 * Stop, and the sidebar refreshing while a listed job runs.
 */
import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';
import { AutopilotApiError } from '../api';
import { NewJobForm } from '../components/create/NewJobForm';
import {
  initialValues,
  parseTags,
  requestBody,
  suggestName
} from '../components/create/jobForm';
import {
  JobProgress,
  estimateSecondsLeft
} from '../components/job/JobProgress';
import { JobView } from '../components/job/JobView';
import { JobsList } from '../components/sidebar/JobsList';
import * as fx from './fixtures';
import { fakeClient } from './helpers';

const settings = async () =>
  (await fakeClient().uiSettings.getMockImplementation()!()) as any;

async function sourcesWithSettings(awsAvailable = true) {
  return {
    sources: [
      {
        id: 'local',
        label: 'Local jobs',
        available: true,
        message: ''
      },
      {
        id: 'aws',
        label: 'AWS',
        region: 'eu-west-1',
        available: awsAvailable,
        message: awsAvailable ? '' : 'No AWS credentials were found.'
      }
    ],
    settings: await settings()
  };
}

describe('the request body of the form', () => {
  it('sends only what is set, and the AWS fields only for AWS', async () => {
    const s = await settings();
    const local = {
      ...initialValues(s, 'local', 'data/train.csv'),
      name: 'churn',
      target: 'label',
      maxRuntimeMinutes: '2.5',
      roleArn: 'arn:aws:iam::123456789012:role/x'
    };
    expect(requestBody(local)).toEqual({
      name: 'churn',
      input: 'data/train.csv',
      target: 'label',
      maxCandidates: 10,
      maxRuntimeSeconds: 150
    });
    const aws = {
      ...local,
      source: 'aws' as const,
      input: 's3://b/train.csv',
      problemType: 'BinaryClassification',
      objective: 'AUC',
      mode: 'ENSEMBLING',
      outputPath: 's3://b/out',
      volumeKmsKeyId: 'alias/k',
      encryptInterContainer: true,
      subnets: 'subnet-1, subnet-2',
      securityGroupIds: 'sg-1',
      tags: 'team=data\n\ncost = 42'
    };
    expect(requestBody(aws)).toEqual({
      name: 'churn',
      input: 's3://b/train.csv',
      target: 'label',
      problemType: 'BinaryClassification',
      objective: 'AUC',
      mode: 'ENSEMBLING',
      maxCandidates: 10,
      maxRuntimeSeconds: 150,
      outputPath: 's3://b/out',
      roleArn: 'arn:aws:iam::123456789012:role/x',
      security: {
        volumeKmsKeyId: 'alias/k',
        enableInterContainerTrafficEncryption: true,
        vpcConfig: {
          subnets: ['subnet-1', 'subnet-2'],
          securityGroupIds: ['sg-1']
        }
      },
      tags: { team: 'data', cost: '42' }
    });
  });

  it('passes a number that is not whole as it is (the server names the field)', async () => {
    const values = {
      ...initialValues(await settings(), 'local'),
      maxCandidates: '2.5'
    };
    expect(requestBody(values).maxCandidates).toBe('2.5');
  });

  it('reads tags as key=value lines and says which lines are not', () => {
    expect(parseTags('a=1\nnot a tag\n=x\nb = two')).toEqual({
      tags: { a: '1', b: 'two' },
      bad: [2, 3]
    });
  });

  it('suggests a job name AWS accepts from a file name', () => {
    const name = suggestName('data/My Churn_data.v2.csv');
    expect(name).toMatch(/^My-Churn-data-v2-\d{4}$/);
    expect(suggestName('x'.repeat(80) + '.csv').length).toBeLessThanOrEqual(32);
  });
});

describe('NewJobForm', () => {
  const columnsPreview = {
    valid: false,
    errors: [{ field: 'target', message: 'name the column to predict.' }],
    columns: ['age', 'income', 'churn'],
    operation: 'jupyter autopilot run',
    request: null,
    command: null,
    notes: []
  };
  const validPreview = {
    valid: true,
    errors: [],
    columns: ['age', 'income', 'churn'],
    operation: 'jupyter autopilot run',
    request: { data: 'data/train.csv', target: 'churn', name: 'churn-job' },
    command:
      'jupyter autopilot run --data data/train.csv --target churn --name churn-job',
    notes: []
  };

  it('lists the input columns as targets, shows the command, creates the job', async () => {
    const previewJob = jest.fn(async (_s: string, body: any) =>
      body.target ? validPreview : columnsPreview
    );
    const createJob = jest.fn(async () => ({ ...fx.job, name: 'churn-job' }));
    const onCreated = jest.fn();
    const client = fakeClient({
      sources: jest.fn(() => sourcesWithSettings()),
      previewJob,
      createJob
    });
    render(
      <NewJobForm
        client={client}
        input="data/train.csv"
        confirmAws={jest.fn()}
        onCreated={onCreated}
        debounce={0}
      />
    );
    await waitFor(() =>
      expect(screen.getByRole('option', { name: 'income' })).toBeTruthy()
    );
    const target = screen.getByLabelText('Target column');
    expect(target.tagName).toBe('SELECT');
    // the name is suggested from the file
    expect(
      (screen.getByLabelText('Job name') as HTMLInputElement).value
    ).toMatch(/^train-\d{4}$/);
    fireEvent.change(screen.getByLabelText('Job name'), {
      target: { value: 'churn-job' }
    });
    fireEvent.change(target, { target: { value: 'churn' } });
    await screen.findByText(/jupyter autopilot run --data/);
    fireEvent.click(screen.getByRole('button', { name: 'Create and run' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createJob).toHaveBeenCalledWith('local', {
      name: 'churn-job',
      input: 'data/train.csv',
      target: 'churn',
      maxCandidates: 10
    });
    expect(onCreated.mock.calls[0][0]).toBe('local');
  });

  it('shows each server error beside its field once touched or on submit, and creates nothing', async () => {
    const previewJob = jest.fn(async () => ({
      ...columnsPreview,
      columns: null,
      errors: [
        {
          field: 'name',
          message: "'bad_name' is not a valid AutoML job name."
        },
        {
          field: 'input',
          message: "'../x.csv' is outside the Jupyter root folder."
        }
      ]
    }));
    const createJob = jest.fn();
    render(
      <NewJobForm
        client={fakeClient({
          sources: jest.fn(() => sourcesWithSettings()),
          previewJob,
          createJob
        })}
        confirmAws={jest.fn()}
        onCreated={jest.fn()}
        debounce={0}
      />
    );
    const name = await screen.findByLabelText('Job name');
    await waitFor(() => expect(previewJob).toHaveBeenCalled());
    expect(screen.queryByText(/not a valid AutoML job name/)).toBeNull();
    fireEvent.blur(name);
    const error = await screen.findByText(/not a valid AutoML job name/);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toContain(
      error.getAttribute('id')
    );
    expect(screen.queryByText(/outside the Jupyter root/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create and run' }));
    await screen.findByText(/outside the Jupyter root/);
    expect(screen.getByText('Fix the fields marked above first.')).toBeTruthy();
    expect(createJob).not.toHaveBeenCalled();
  });

  it('asks before anything is sent to AWS, and sends nothing when refused', async () => {
    const request = {
      AutoMLJobName: 'aws-job',
      RoleArn: 'arn:aws:iam::123456789012:role/r'
    };
    const previewJob = jest.fn(async () => ({
      ...validPreview,
      columns: null,
      operation: 'CreateAutoMLJobV2',
      request,
      command: null
    }));
    const createJob = jest.fn(async (_s: string, _b: unknown) => ({
      ...fx.job,
      name: 'aws-job'
    }));
    const confirmAws = jest
      .fn()
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(true);
    const onCreated = jest.fn();
    render(
      <NewJobForm
        client={fakeClient({
          sources: jest.fn(() => sourcesWithSettings()),
          previewJob,
          createJob
        })}
        source="aws"
        confirmAws={confirmAws}
        onCreated={onCreated}
        debounce={0}
      />
    );
    await screen.findByText('The CreateAutoMLJobV2 request');
    await screen.findByText(/"AutoMLJobName": "aws-job"/);
    expect(screen.getByLabelText('IAM role ARN')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create on AWS…' }));
    await waitFor(() => expect(confirmAws).toHaveBeenCalledTimes(1));
    expect(confirmAws).toHaveBeenCalledWith(request, 'eu-west-1');
    expect(createJob).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Create on AWS…' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createJob).toHaveBeenCalledTimes(1);
    expect(createJob.mock.calls[0][0]).toBe('aws');
  });

  it('confirms and sends the request of the form as it is, never an earlier preview', async () => {
    const previewJob = jest.fn(async (_s: string, body: any) => ({
      ...validPreview,
      columns: null,
      operation: 'CreateAutoMLJobV2',
      request: { AutoMLJobName: body.name },
      command: null
    }));
    const createJob = jest.fn(async (_s: string, body: any) => ({
      ...fx.job,
      name: body.name
    }));
    const confirmAws = jest.fn(async () => true);
    render(
      <NewJobForm
        client={fakeClient({
          sources: jest.fn(() => sourcesWithSettings()),
          previewJob,
          createJob
        })}
        source="aws"
        confirmAws={confirmAws}
        onCreated={jest.fn()}
        debounce={0}
      />
    );
    const name = await screen.findByLabelText('Job name');
    fireEvent.change(name, { target: { value: 'first' } });
    await screen.findByText(/"AutoMLJobName": "first"/);
    // an edit, then Create at once: the preview on screen is still the one of "first"
    fireEvent.change(name, { target: { value: 'second' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create on AWS…' }));
    await waitFor(() => expect(confirmAws).toHaveBeenCalled());
    expect(confirmAws).toHaveBeenCalledWith(
      { AutoMLJobName: 'second' },
      'eu-west-1'
    );
    await waitFor(() => expect(createJob).toHaveBeenCalled());
    expect(createJob.mock.calls[0][1].name).toBe('second');
  });

  it('puts an error of the create call beside the field it names', async () => {
    const createJob = jest.fn(async () => {
      throw new AutopilotApiError(
        "name: a job named 'churn-job' exists already in the local jobs folder.",
        409,
        undefined,
        'name'
      );
    });
    render(
      <NewJobForm
        client={fakeClient({
          sources: jest.fn(() => sourcesWithSettings(false)),
          previewJob: jest.fn(async () => validPreview),
          createJob
        })}
        confirmAws={jest.fn()}
        onCreated={jest.fn()}
        debounce={0}
      />
    );
    await screen.findByText(/jupyter autopilot run --data/);
    // AWS is not available: its choice is disabled, with the reason
    expect(
      (screen.getByRole('radio', { name: /SageMaker/ }) as HTMLInputElement)
        .disabled
    ).toBe(true);
    expect(screen.getByText(/No AWS credentials were found/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create and run' }));
    const error = await screen.findByText(/exists already/);
    expect(error.closest('[data-field="name"]')).toBeTruthy();
  });
});

describe('JobProgress', () => {
  const running = {
    ...fx.job,
    status: 'InProgress',
    secondaryStatus: 'ModelTuning',
    isTerminal: false,
    creationTime: new Date(Date.now() - 120_000).toISOString(),
    completionCriteria: {
      maxCandidates: 8,
      maxRuntimePerTrainingJobInSeconds: null,
      maxAutoMLJobRuntimeInSeconds: null
    },
    stages: [
      { status: 'Starting', label: 'Starting', state: 'done' as const },
      {
        status: 'ModelTuning',
        label: 'Training candidates',
        state: 'current' as const
      },
      {
        status: 'GeneratingExplainabilityReport',
        label: 'Explainability report',
        state: 'pending' as const
      }
    ]
  };

  it('estimates the time left from the pace, within the max runtime', () => {
    expect(estimateSecondsLeft(120, 2, 8, null)).toBe(360);
    expect(estimateSecondsLeft(120, 2, 8, 300)).toBe(180);
    expect(estimateSecondsLeft(120, 0, 8, null)).toBeNull();
    expect(estimateSecondsLeft(120, 0, 8, 600)).toBe(480);
  });

  it('shows the stages, candidates done of planned, elapsed and the estimate', () => {
    const candidates = fx.candidates.candidates.slice(0, 2).map(c => ({
      ...c,
      status: 'Completed'
    }));
    render(<JobProgress job={running} candidates={candidates} />);
    const current = screen.getByText('Training candidates').closest('li')!;
    expect(current.getAttribute('aria-current')).toBe('step');
    expect(screen.getByText('2 of 8 candidates done')).toBeTruthy();
    expect(screen.getByText(/^Elapsed 2m/)).toBeTruthy();
    expect(screen.getByText(/^about 6m/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Stop/ })).toBeNull();
  });

  it('stops a running job from its tab after the confirmation', async () => {
    const job = jest
      .fn()
      .mockResolvedValueOnce(running)
      .mockResolvedValue({ ...running, status: 'Stopping' });
    const stopJob = jest.fn(async () => ({ ...running, status: 'Stopping' }));
    const confirmStop = jest
      .fn()
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(true);
    render(
      <JobView
        client={fakeClient({ job, stopJob })}
        source="local"
        job="demo-binary"
        pollInterval={0}
        confirmStop={confirmStop}
      />
    );
    const stop = await screen.findByRole('button', { name: 'Stop job…' });
    fireEvent.click(stop);
    await waitFor(() => expect(confirmStop).toHaveBeenCalledTimes(1));
    expect(stopJob).not.toHaveBeenCalled();
    fireEvent.click(stop);
    await waitFor(() =>
      expect(stopJob).toHaveBeenCalledWith('local', 'demo-binary')
    );
    await screen.findByRole('button', { name: 'Stopping…' });
  });
});

describe('the sidebar while a job runs', () => {
  it('re-reads the list while a listed job is in progress, and stops when none is', async () => {
    jest.useFakeTimers();
    const listJobs = jest
      .fn()
      .mockResolvedValueOnce({
        jobs: [
          {
            name: 'run-1',
            status: 'InProgress',
            secondaryStatus: 'ModelTuning'
          }
        ],
        nextToken: null
      })
      .mockResolvedValue({
        jobs: [
          { name: 'run-1', status: 'Completed', secondaryStatus: 'Completed' }
        ],
        nextToken: null
      });
    render(
      <JobsList
        client={fakeClient({ listJobs })}
        source="local"
        nameContains=""
        status=""
        onOpen={jest.fn()}
        refresh={0}
        pollInterval={5}
      />
    );
    await screen.findByText('InProgress');
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    await screen.findByText('Completed');
    expect(listJobs).toHaveBeenCalledTimes(2);
    await act(async () => {
      jest.advanceTimersByTime(30000);
    });
    expect(listJobs).toHaveBeenCalledTimes(2);
    jest.useRealTimers();
  });
});
