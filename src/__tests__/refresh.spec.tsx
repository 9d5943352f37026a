/**
 * A refresh (button, command or polling) that fails is never silent: the last good data stay
 * on screen, an alert "Refresh failed: <server message>" offers Retry, and the update time
 * moves only when a refresh succeeds.
 */
import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';
import { JobView } from '../components/job/JobView';
import { CandidateContent, apiLoaders } from '../components/candidate';
import { Sidebar } from '../components/sidebar/Sidebar';
import { IAsync, useAsync } from '../components/common/common';
import * as fx from './fixtures';
import { apiError, fakeClient } from './helpers';
import { clock, zone } from '../lib/format';

const T0 = new Date('2024-06-01T10:00:00Z');
const T1 = new Date('2024-06-01T10:05:00Z');
const T2 = new Date('2024-06-01T10:10:00Z');

function updatedText(container: HTMLElement): string | null {
  const el = container.querySelector('.jp-autopilot-updated');
  return el ? el.textContent : null;
}

describe('useAsync.refresh', () => {
  function Probe(props: {
    load: () => Promise<string>;
    out: { current: IAsync<string> | null };
  }) {
    const a = useAsync(props.load, []);
    props.out.current = a;
    return (
      <span>{a.state.status === 'ready' ? a.state.data : a.state.status}</span>
    );
  }

  it('keeps the data and reports the failure; resolves true only on success', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(apiError(503, 'Service unavailable (503).'))
      .mockResolvedValueOnce('second');
    const out: { current: IAsync<string> | null } = { current: null };
    render(<Probe load={load} out={out} />);
    await screen.findByText('first');
    let ok: boolean | undefined;
    await act(async () => {
      ok = await out.current!.refresh();
    });
    expect(ok).toBe(false);
    expect(screen.getByText('first')).toBeTruthy();
    expect((out.current!.refreshError as Error).message).toBe(
      'Service unavailable (503).'
    );
    await act(async () => {
      ok = await out.current!.refresh();
    });
    expect(ok).toBe(true);
    expect(screen.getByText('second')).toBeTruthy();
    expect(out.current!.refreshError).toBeNull();
  });

  it('shows the error state when there was no data to keep', async () => {
    const load = jest
      .fn()
      .mockRejectedValueOnce(apiError(500, 'boom'))
      .mockRejectedValueOnce(apiError(500, 'still boom'));
    const out: { current: IAsync<string> | null } = { current: null };
    render(<Probe load={load} out={out} />);
    await screen.findByText('error');
    await act(async () => {
      await out.current!.refresh();
    });
    expect(out.current!.state.status).toBe('error');
    expect((out.current!.state.error as Error).message).toBe('still boom');
    expect(out.current!.refreshError).toBeNull();
  });
});

describe('JobView refresh', () => {
  afterEach(() => jest.useRealTimers());

  it('a failed Refresh says so with the server message and Retry; the data and the update time stay', async () => {
    jest.useFakeTimers({ now: T0 });
    const job = jest
      .fn()
      .mockResolvedValueOnce(fx.job)
      .mockRejectedValueOnce(apiError(0, 'Cannot reach the Jupyter server.'))
      .mockResolvedValue(fx.job);
    const client = fakeClient({ job });
    const { container } = render(
      <JobView
        client={client}
        source="local"
        job="demo-binary"
        pollInterval={0}
      />
    );
    await screen.findByRole('heading', { name: 'demo-binary' });
    const loaded = updatedText(container);
    expect(loaded).toBe(`Updated ${clock(T0)} ${zone(T0)}`);
    expect(screen.queryByRole('alert')).toBeNull();

    jest.setSystemTime(T1);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Refresh job' }));
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refresh failed');
    expect(alert.textContent).toContain('Cannot reach the Jupyter server.');
    // the alert sits in the header, by the Refresh button
    expect(alert.closest('.jp-autopilot-job-header')).not.toBeNull();
    // the last good data are still shown, and the time did not move
    expect(container.querySelectorAll('.jp-autopilot-trial-row').length).toBe(
      5
    );
    expect(container.querySelector('.jp-autopilot-loading')).toBeNull();
    expect(updatedText(container)).toBe(loaded);
    expect(screen.getByRole('button', { name: 'Refresh job' })).toBeTruthy();

    jest.setSystemTime(T2);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(updatedText(container)).toBe(`Updated ${clock(T2)} ${zone(T2)}`);
    expect(job).toHaveBeenCalledTimes(3);
  });

  it('a failed poll of an in-progress job shows the alert, the next good poll clears it', async () => {
    jest.useFakeTimers({ now: T0 });
    const running = { ...fx.job, status: 'InProgress' };
    const job = jest
      .fn()
      .mockResolvedValueOnce(running)
      .mockRejectedValueOnce(
        apiError(503, 'SageMaker is throttling; retry in a moment.')
      )
      .mockResolvedValue(running);
    const { container } = render(
      <JobView
        client={fakeClient({ job })}
        source="local"
        job="demo-binary"
        pollInterval={5}
      />
    );
    await screen.findByText('Live');
    const grid = screen.getByRole('grid');
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refresh failed (503):');
    expect(alert.textContent).toContain(
      'SageMaker is throttling; retry in a moment.'
    );
    expect(screen.getByRole('grid')).toBe(grid);
    expect(updatedText(container)).toBe(`Updated ${clock(T0)} ${zone(T0)}`);
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(updatedText(container)).not.toBe(`Updated ${clock(T0)} ${zone(T0)}`);
    expect(screen.getByRole('grid')).toBe(grid);
  });
});

describe('Model details refresh', () => {
  it('a failed refresh keeps the view and says so; Retry recovers', async () => {
    const performance = jest
      .fn()
      .mockResolvedValueOnce(fx.performance)
      .mockRejectedValueOnce(apiError(0, 'Cannot reach the Jupyter server.'))
      .mockResolvedValue(fx.performance);
    const client = fakeClient({ performance });
    const loaders = apiLoaders(client, 'local', 'demo-binary', 'cand-best');
    const props = {
      source: 'local',
      jobName: 'demo-binary',
      candidate: 'cand-best',
      loaders,
      initialTab: 'performance' as const
    };
    const { rerender, container } = render(
      <CandidateContent {...props} refreshSignal={0} />
    );
    await screen.findByText('Metric statistics');
    expect(performance).toHaveBeenCalledTimes(1);
    rerender(<CandidateContent {...props} refreshSignal={1} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refresh failed');
    expect(alert.textContent).toContain('Cannot reach the Jupyter server.');
    expect(screen.getByText('Metric statistics')).toBeTruthy();
    expect(container.querySelector('.jp-autopilot-loading')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(performance).toHaveBeenCalledTimes(3);
    // a tab first opened after a refresh loads once, not twice
    fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    await screen.findByText('Network isolation');
    expect(client.network).toHaveBeenCalledTimes(1);
  });
});

describe('Sidebar refresh', () => {
  it('when the server is down: one alert with the message, the list stays; Retry refreshes sources and list', async () => {
    const sources = jest.fn(async () => ({
      sources: [{ id: 'local', label: 'Local jobs', available: true }]
    }));
    const client = fakeClient({ sources });
    const { container } = render(
      <Sidebar client={client} onOpenJob={jest.fn()} debounce={0} />
    );
    await screen.findByText('demo-binary');
    expect(client.listJobs).toHaveBeenCalledTimes(1);
    sources.mockRejectedValueOnce(
      apiError(0, 'Cannot reach the Jupyter server.')
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Refresh the list' }));
    });
    const alerts = await screen.findAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].textContent).toContain('Refresh failed');
    expect(alerts[0].textContent).toContain('Cannot reach the Jupyter server.');
    expect(container.querySelectorAll('.jp-autopilot-job-item')).toHaveLength(
      2
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await waitFor(() => expect(client.listJobs).toHaveBeenCalledTimes(2));
    expect(sources).toHaveBeenCalledTimes(3);
  });

  it('a failed list refresh keeps the jobs and says "Refresh failed" with Retry', async () => {
    const listJobs = jest
      .fn()
      .mockResolvedValueOnce({
        jobs: [{ name: 'job-1', status: 'Completed' }],
        nextToken: null
      })
      .mockRejectedValueOnce(
        apiError(
          429,
          'Too many requests (429): AWS is throttling; retry in a moment.'
        )
      )
      .mockResolvedValue({
        jobs: [
          { name: 'job-1', status: 'Completed' },
          { name: 'job-2', status: 'Failed' }
        ],
        nextToken: null
      });
    const { container } = render(
      <Sidebar
        client={fakeClient({ listJobs })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    await screen.findByText('job-1');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Refresh the list' }));
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refresh failed (429):');
    expect(container.querySelectorAll('.jp-autopilot-job-item')).toHaveLength(
      1
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    await screen.findByText('job-2');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('the experiments view keeps its lists when a refresh fails', async () => {
    const experiments = jest
      .fn()
      .mockResolvedValueOnce({
        experiments: [
          { name: 'demo-binary-aws-auto-ml-job', jobName: 'demo-binary' }
        ]
      })
      .mockRejectedValueOnce(
        apiError(403, 'Access denied to sagemaker:ListExperiments')
      )
      .mockResolvedValue({ experiments: [] });
    render(
      <Sidebar
        client={fakeClient({ experiments })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    await screen.findByText('demo-binary');
    fireEvent.change(screen.getByRole('combobox', { name: 'Resource type' }), {
      target: { value: 'experiments' }
    });
    await screen.findByText('demo-binary-aws-auto-ml-job');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Refresh the list' }));
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refresh failed (403):');
    expect(screen.getByText('demo-binary-aws-auto-ml-job')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    await screen.findByText('No experiments.');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
