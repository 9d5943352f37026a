/**
 * Using a candidate from its model-details tab: the buttons each source offers, the endpoints and
 * batch transform jobs listed in Artifacts (followed while they change), "Delete endpoint" asking
 * first.
 */
import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';
import { UseButtons } from '../components/candidate/UseButtons';
import { DeploymentsSection } from '../components/candidate/DeploymentsSection';
import { resourceName } from '../lib/useDialogs';
import { fakeClient } from './helpers';

const ref = { source: 'aws', job: 'churn-aws', candidate: 'churn-aws-xgb-003' };

const listed = (endpointStatus: string) => ({
  endpoints: [
    {
      name: 'churn-ep-1',
      arn: 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/churn-ep-1',
      status: endpointStatus,
      failureReason: null,
      instanceCount: 1,
      creationTime: '2026-11-30T08:00:00Z',
      lastModifiedTime: '2026-11-30T08:00:00Z'
    }
  ],
  transformJobs: [
    {
      name: 'churn-batch-1',
      arn: null,
      status: 'Failed',
      failureReason: 'ClientError: <b>bad</b> input',
      input: 's3://b/in/',
      output: 's3://b/out/',
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      creationTime: '2026-11-30T08:00:00Z',
      endTime: null
    }
  ],
  message: null
});

describe('UseButtons', () => {
  it('offers Predict on a file for a local candidate, Deploy and Batch transform for an AWS one', async () => {
    const predictFile = jest.fn(async () => undefined);
    const deploy = jest.fn(async () => undefined);
    const transform = jest.fn(async () => undefined);
    const actions = { predictFile, deploy, transform };
    const { rerender } = render(
      <UseButtons candidate={{ ...ref, source: 'local' }} actions={actions} />
    );
    expect(screen.queryByRole('button', { name: 'Deploy…' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Predict on a file…' }));
    await waitFor(() =>
      expect(predictFile).toHaveBeenCalledWith({ ...ref, source: 'local' })
    );
    rerender(<UseButtons candidate={ref} actions={actions} />);
    expect(
      screen.queryByRole('button', { name: 'Predict on a file…' })
    ).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Deploy…' }));
    await waitFor(() => expect(deploy).toHaveBeenCalledWith(ref));
    fireEvent.click(screen.getByRole('button', { name: 'Batch transform…' }));
    await waitFor(() => expect(transform).toHaveBeenCalledWith(ref));
  });

  it('names resources after the job, as SageMaker accepts them', () => {
    const name = resourceName(
      'x'.repeat(32),
      'batch',
      new Date('2026-11-30T08:05:00Z')
    );
    expect(name).toBe(`${'x'.repeat(32)}-batch-11300805`);
    expect(resourceName('y'.repeat(70), 'ep').length).toBeLessThanOrEqual(63);
  });
});

describe('DeploymentsSection', () => {
  it('lists what was made from the candidate, failure reasons as text', async () => {
    const deployments = jest.fn(async () => listed('InService'));
    render(
      <DeploymentsSection client={fakeClient({ deployments })} {...ref} />
    );
    await screen.findByText('churn-ep-1');
    expect(screen.getByText('InService')).toBeTruthy();
    expect(screen.getByText('churn-batch-1')).toBeTruthy();
    expect(screen.getByText('ClientError: <b>bad</b> input')).toBeTruthy();
    expect(document.querySelector('b')).toBeNull();
    expect(deployments).toHaveBeenCalledWith(
      'aws',
      'churn-aws',
      'churn-aws-xgb-003'
    );
  });

  it('follows an endpoint being created until it is in service', async () => {
    jest.useFakeTimers();
    const deployments = jest
      .fn()
      .mockResolvedValueOnce(listed('Creating'))
      .mockResolvedValue(listed('InService'));
    render(
      <DeploymentsSection
        client={fakeClient({ deployments })}
        {...ref}
        pollInterval={5}
      />
    );
    await screen.findByText('Creating');
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    await screen.findByText('InService');
    await act(async () => {
      jest.advanceTimersByTime(30000);
    });
    expect(deployments).toHaveBeenCalledTimes(2);
    jest.useRealTimers();
  });

  it('deletes an endpoint only after the confirmation', async () => {
    const deleteEndpoint = jest.fn(async () => ({
      ...listed('Deleting').endpoints[0]
    }));
    const confirmDelete = jest
      .fn()
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(true);
    render(
      <DeploymentsSection
        client={fakeClient({
          deployments: jest.fn(async () => listed('InService')),
          deleteEndpoint
        })}
        {...ref}
        confirmDelete={confirmDelete}
      />
    );
    const button = await screen.findByRole('button', {
      name: 'Delete endpoint…'
    });
    fireEvent.click(button);
    await waitFor(() => expect(confirmDelete).toHaveBeenCalledTimes(1));
    expect(deleteEndpoint).not.toHaveBeenCalled();
    fireEvent.click(button);
    await waitFor(() =>
      expect(deleteEndpoint).toHaveBeenCalledWith(
        'aws',
        'churn-aws',
        'churn-aws-xgb-003',
        'churn-ep-1'
      )
    );
  });

  it('says why a local candidate has nothing to list', async () => {
    const deployments = jest.fn(async () => ({
      endpoints: [],
      transformJobs: [],
      message: 'A local candidate is used on this machine: Predict on a file.'
    }));
    render(
      <DeploymentsSection client={fakeClient({ deployments })} {...ref} />
    );
    await screen.findByText(/Predict on a file/);
  });
});
