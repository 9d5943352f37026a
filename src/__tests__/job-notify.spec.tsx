/**
 * A watched job finishing: when polling sees InProgress/Stopping -> Completed, Failed or Stopped,
 * a notification says so (failure reason as plain text) with an "Open job" action. Never on the
 * first load, nor for a job already finished, nor on a manual refresh.
 */
import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';

jest.mock('@jupyterlab/apputils', () => ({
  Notification: {
    success: jest.fn(),
    error: jest.fn(),
    info: jest.fn(),
    warning: jest.fn()
  }
}));

import { Notification } from '@jupyterlab/apputils';
import { JobView } from '../components/job/JobView';
import { defaultTrans } from '../components/common/common';
import { jobFinishKind, notifyJobFinished } from '../lib/jobNotify';
import * as fx from './fixtures';
import { fakeClient } from './helpers';

const N = Notification as unknown as {
  success: jest.Mock;
  error: jest.Mock;
  info: jest.Mock;
};

function notified(): number {
  return (
    N.success.mock.calls.length +
    N.error.mock.calls.length +
    N.info.mock.calls.length
  );
}

beforeEach(() => {
  N.success.mockClear();
  N.error.mockClear();
  N.info.mockClear();
});

afterEach(() => jest.useRealTimers());

describe('jobFinishKind', () => {
  it.each([
    ['InProgress', 'Completed', 'success'],
    ['InProgress', 'Failed', 'error'],
    ['InProgress', 'Stopped', 'info'],
    ['Stopping', 'Stopped', 'info'],
    ['Stopping', 'Completed', 'success'],
    ['Stopping', 'Failed', 'error']
  ])('%s -> %s is %s', (before, after, kind) => {
    expect(jobFinishKind(before, after)).toBe(kind);
  });

  it.each([
    [null, 'Completed'],
    [undefined, 'Failed'],
    ['Completed', 'Completed'],
    ['Failed', 'Failed'],
    ['Completed', 'InProgress'],
    ['InProgress', 'InProgress'],
    ['InProgress', 'Stopping'],
    ['InProgress', null],
    ['InProgress', 'toString'],
    ['constructor', 'Completed']
  ])('%s -> %s is not a finish', (before, after) => {
    expect(jobFinishKind(before as any, after as any)).toBeNull();
  });
});

describe('notifyJobFinished', () => {
  it('success with an "Open job" action that calls back', () => {
    const onOpen = jest.fn();
    expect(
      notifyJobFinished(
        'InProgress',
        { ...fx.job, status: 'Completed' },
        defaultTrans,
        onOpen
      )
    ).toBe(true);
    expect(N.success).toHaveBeenCalledTimes(1);
    const [message, options] = N.success.mock.calls[0];
    expect(message).toBe('Autopilot job demo-binary completed.');
    expect(options.actions.map((a: any) => a.label)).toEqual(['Open job']);
    options.actions[0].callback();
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it('error with the failure reason as plain text', () => {
    const reason = '<img src=x onerror=alert(1)> bad input';
    notifyJobFinished(
      'InProgress',
      { ...fx.job, status: 'Failed', failureReason: reason },
      defaultTrans
    );
    expect(N.error).toHaveBeenCalledTimes(1);
    expect(N.error.mock.calls[0][0]).toBe(
      `Autopilot job demo-binary failed: ${reason}`
    );
  });

  it('info for Stopped; nothing for no transition', () => {
    notifyJobFinished(
      'Stopping',
      { ...fx.job, status: 'Stopped' },
      defaultTrans
    );
    expect(N.info).toHaveBeenCalledTimes(1);
    expect(
      notifyJobFinished(null, { ...fx.job, status: 'Completed' }, defaultTrans)
    ).toBe(false);
    expect(notified()).toBe(1);
  });
});

describe('JobView polling notifications', () => {
  const running = { ...fx.job, status: 'InProgress' };

  it('notifies once when a poll sees the job complete; "Open job" activates the tab', async () => {
    jest.useFakeTimers();
    const job = jest
      .fn()
      .mockResolvedValueOnce(running)
      .mockResolvedValueOnce(running)
      .mockResolvedValue({ ...fx.job, status: 'Completed' });
    const onShowTab = jest.fn();
    render(
      <JobView
        client={fakeClient({ job })}
        source="local"
        job="demo-binary"
        pollInterval={5}
        onShowTab={onShowTab}
      />
    );
    await screen.findByText('Live');
    expect(notified()).toBe(0);
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    await waitFor(() => expect(job).toHaveBeenCalledTimes(2));
    expect(notified()).toBe(0);
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    await waitFor(() => expect(N.success).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByText('Live')).toBeNull());
    N.success.mock.calls[0][1].actions[0].callback();
    expect(onShowTab).toHaveBeenCalledTimes(1);
    // polling stopped: no more fetches, no second notification
    await act(async () => {
      jest.advanceTimersByTime(20000);
    });
    expect(job).toHaveBeenCalledTimes(3);
    expect(notified()).toBe(1);
  });

  it('notifies an error with the failure reason when a poll sees the job fail', async () => {
    jest.useFakeTimers();
    const job = jest
      .fn()
      .mockResolvedValueOnce({ ...fx.job, status: 'Stopping' })
      .mockResolvedValue({
        ...fx.job,
        status: 'Failed',
        failureReason: 'ClientError: no target column'
      });
    render(
      <JobView
        client={fakeClient({ job })}
        source="local"
        job="demo-binary"
        pollInterval={5}
      />
    );
    await screen.findByText('Live');
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    await waitFor(() => expect(N.error).toHaveBeenCalledTimes(1));
    expect(N.error.mock.calls[0][0]).toBe(
      'Autopilot job demo-binary failed: ClientError: no target column'
    );
  });

  it('never on first load of a finished job', async () => {
    const job = jest.fn().mockResolvedValue({ ...fx.job, status: 'Completed' });
    render(
      <JobView
        client={fakeClient({ job })}
        source="local"
        job="demo-binary"
        pollInterval={5}
      />
    );
    await screen.findByRole('heading', { name: 'demo-binary' });
    expect(notified()).toBe(0);
  });

  it('not on a manual refresh (only polling watches the job)', async () => {
    const job = jest
      .fn()
      .mockResolvedValueOnce(running)
      .mockResolvedValue({ ...fx.job, status: 'Stopped' });
    render(
      <JobView
        client={fakeClient({ job })}
        source="local"
        job="demo-binary"
        pollInterval={60}
      />
    );
    await screen.findByText('Live');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Refresh job' }));
    });
    await waitFor(() => expect(screen.queryByText('Live')).toBeNull());
    expect(notified()).toBe(0);
  });
});
