import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';
import { JobView } from '../components/job/JobView';
import { Sidebar } from '../components/sidebar/Sidebar';
import { plotlyRequested } from '../lib/plotly';
import * as fx from './fixtures';
import { apiError, expectNoInjectedMarkup, fakeClient } from './helpers';

/** demo-binary's job tab, not polling. */
function jobView(
  client: ReturnType<typeof fakeClient>,
  extra: Partial<React.ComponentProps<typeof JobView>> = {}
) {
  return (
    <JobView
      client={client}
      source="local"
      job="demo-binary"
      pollInterval={0}
      {...extra}
    />
  );
}

describe('JobView', () => {
  it('shows loading, then the header, trials and profile', async () => {
    const client = fakeClient();
    const { container } = render(jobView(client));
    expect(screen.getByRole('status').textContent).toContain(
      'Loading job demo-binary'
    );
    await screen.findByRole('heading', { name: 'demo-binary' });
    expect(client.job).toHaveBeenCalledWith('local', 'demo-binary');
    expect(client.candidates).toHaveBeenCalledWith('local', 'demo-binary');
    expect(screen.getAllByText('BinaryClassification').length).toBeGreaterThan(
      0
    );
    expect(screen.getByText('F1 (Maximize ↑)')).toBeTruthy();
    expect(screen.getAllByText('churn').length).toBeGreaterThan(0);
    expect(container.querySelectorAll('.jp-autopilot-trial-row').length).toBe(
      5
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Job profile' }));
    expect(
      screen
        .getByRole('tab', { name: 'Job profile' })
        .getAttribute('aria-selected')
    ).toBe('true');
    expect(screen.getByText('Completion criteria')).toBeTruthy();
    expect(
      screen.getAllByText('s3://my-bucket/data/train.csv').length
    ).toBeGreaterThan(0);
    // plotly is never loaded for a view without charts
    expect(plotlyRequested()).toBe(false);
    expectNoInjectedMarkup(container);
  });

  it('shows the server message and a Retry that re-fetches', async () => {
    const job = jest
      .fn()
      .mockRejectedValueOnce(apiError(404, 'AutoML job "nope" was not found.'))
      .mockResolvedValue(fx.job);
    const client = fakeClient({ job });
    render(
      <JobView client={client} source="local" job="nope" pollInterval={0} />
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('AutoML job "nope" was not found.');
    expect(alert.textContent).toContain('404');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByRole('heading', { name: 'demo-binary' });
    expect(job).toHaveBeenCalledTimes(2);
  });

  it('renders a hostile failure reason as text', async () => {
    const client = fakeClient({
      job: jest.fn(async () => ({
        ...fx.job,
        status: 'Failed',
        failureReason: fx.HOSTILE
      }))
    });
    const { container } = render(jobView(client));
    await screen.findByText('Failure reason:');
    expect(screen.getAllByText(fx.HOSTILE).length).toBeGreaterThan(0);
    expectNoInjectedMarkup(container);
  });

  it('shows an empty state for a job without candidates', async () => {
    const client = fakeClient({
      candidates: jest.fn(async () => ({
        objective: null,
        bestCandidate: null,
        candidates: []
      }))
    });
    render(jobView(client));
    await screen.findByText('This job has no trials yet.');
  });

  it("says when the metrics are the training jobs' final metrics (an older job)", async () => {
    const note =
      "This job's records have no CandidateMetrics: the metrics shown are each candidate's training job's final metrics (FinalMetricDataList), read for 3 of 3 candidates (the best first).";
    const client = fakeClient({
      candidates: jest.fn(async () => ({ ...fx.candidates, metricsNote: note }))
    });
    const { container } = render(jobView(client));
    await screen.findByText(note);
    const hint = container.querySelector('.jp-autopilot-metrics-note');
    // above the trials table it speaks of
    expect(hint?.nextElementSibling?.className).toBe('jp-autopilot-trials');
  });

  it('disables a notebook button when the job has no such notebook, opens the other', async () => {
    const open = jest.fn(async () => undefined);
    render(jobView(fakeClient(), { notebooks: { open } }));
    const explore = await screen.findByRole('button', {
      name: 'Open data exploration notebook'
    });
    const cand = screen.getByRole('button', {
      name: 'Open candidate generation notebook'
    }) as HTMLButtonElement;
    expect(cand.disabled).toBe(true);
    expect(cand.title).toMatch(/no such notebook/);
    await act(async () => {
      fireEvent.click(explore);
    });
    expect(open).toHaveBeenCalledWith('dataExploration');
  });

  it('shows the error of a notebook that cannot be opened', async () => {
    const open = jest.fn(async () => {
      throw apiError(404, 'The notebook is not in the job output.');
    });
    render(jobView(fakeClient(), { notebooks: { open } }));
    const explore = await screen.findByRole('button', {
      name: 'Open data exploration notebook'
    });
    await act(async () => {
      fireEvent.click(explore);
    });
    expect(
      screen.getByText('The notebook is not in the job output.')
    ).toBeTruthy();
  });

  describe('polling', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('polls an in-progress job and stops when it is terminal, keeping the view', async () => {
      let status = 'InProgress';
      const job = jest.fn(async () => ({ ...fx.job, status }));
      const client = fakeClient({ job });
      const { container } = render(
        <JobView
          client={client}
          source="local"
          job="demo-binary"
          pollInterval={5}
        />
      );
      await act(async () => {
        await Promise.resolve();
      });
      await waitFor(() => expect(screen.getByText('Live')).toBeTruthy());
      const grid = screen.getByRole('grid');
      expect(job).toHaveBeenCalledTimes(1);
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      await waitFor(() => expect(job).toHaveBeenCalledTimes(2));
      // no loading flash: the same grid element is still there
      expect(screen.getByRole('grid')).toBe(grid);
      expect(container.querySelector('.jp-autopilot-loading')).toBeNull();
      status = 'Completed';
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      await waitFor(() => expect(job).toHaveBeenCalledTimes(3));
      await waitFor(() => expect(screen.queryByText('Live')).toBeNull());
      await act(async () => {
        jest.advanceTimersByTime(20000);
      });
      expect(job).toHaveBeenCalledTimes(3);
    });

    it('does not poll when the interval is 0', async () => {
      const job = jest.fn(async () => ({ ...fx.job, status: 'InProgress' }));
      render(jobView(fakeClient({ job })));
      await act(async () => {
        await Promise.resolve();
      });
      await act(async () => {
        jest.advanceTimersByTime(60000);
      });
      expect(job).toHaveBeenCalledTimes(1);
    });
  });
});

describe('Sidebar', () => {
  it('lists sources (unavailable ones disabled with their message) and jobs', async () => {
    const client = fakeClient();
    const onOpenJob = jest.fn();
    const { container } = render(
      <Sidebar
        client={client}
        defaultSource="aws"
        onOpenJob={onOpenJob}
        debounce={0}
      />
    );
    expect(screen.getByRole('status')).toBeTruthy();
    await screen.findByText('demo-binary');
    const select = screen.getByRole('combobox', {
      name: 'Source'
    }) as HTMLSelectElement;
    expect(select.value).toBe('local');
    const aws = Array.from(select.options).find(o => o.value === 'aws')!;
    expect(aws.disabled).toBe(true);
    expect(aws.textContent).toContain('AWS (eu-west-1)');
    expect(
      screen.getByText('No AWS credentials found: run aws configure.')
    ).toBeTruthy();
    const items = Array.from(
      container.querySelectorAll('.jp-autopilot-job-item')
    ) as HTMLElement[];
    expect(items.map(i => i.dataset.jobName)).toEqual([
      'demo-binary',
      'demo-running'
    ]);
    expect(items[0].dataset.source).toBe('local');
    expect(items[1].textContent).toContain('InProgress');
    fireEvent.doubleClick(items[1]);
    expect(onOpenJob).toHaveBeenCalledWith('local', 'demo-running');
    const list = screen.getByRole('listbox');
    fireEvent.focus(list);
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpenJob).toHaveBeenLastCalledWith('local', 'demo-binary');
  });

  it('searches by name and filters by status', async () => {
    const client = fakeClient();
    render(<Sidebar client={client} onOpenJob={jest.fn()} debounce={0} />);
    await screen.findByText('demo-binary');
    fireEvent.change(screen.getByRole('searchbox'), {
      target: { value: 'demo' }
    });
    await waitFor(() =>
      expect(client.listJobs).toHaveBeenLastCalledWith('local', {
        nameContains: 'demo',
        status: ''
      })
    );
    fireEvent.change(
      screen.getByRole('combobox', { name: 'Filter by status' }),
      {
        target: { value: 'Failed' }
      }
    );
    await waitFor(() =>
      expect(client.listJobs).toHaveBeenLastCalledWith('local', {
        nameContains: 'demo',
        status: 'Failed'
      })
    );
  });

  it('pages with Load more', async () => {
    const listJobs = jest
      .fn()
      .mockResolvedValueOnce({
        jobs: [{ name: 'job-1', status: 'Completed' }],
        nextToken: 't1'
      })
      .mockResolvedValueOnce({
        jobs: [{ name: 'job-2', status: 'Failed' }],
        nextToken: null
      });
    const { container } = render(
      <Sidebar
        client={fakeClient({ listJobs })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await screen.findByText('job-2');
    expect(listJobs).toHaveBeenLastCalledWith('local', {
      nameContains: '',
      status: '',
      nextToken: 't1'
    });
    expect(container.querySelectorAll('.jp-autopilot-job-item')).toHaveLength(
      2
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows empty and error states with Retry', async () => {
    const listJobs = jest
      .fn()
      .mockRejectedValueOnce(apiError(503, 'No AWS credentials found.'))
      .mockResolvedValueOnce({ jobs: [], nextToken: null });
    render(
      <Sidebar
        client={fakeClient({ listJobs })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'No AWS credentials found.'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('No AutoML jobs found in this source.');
  });

  it('shows an error when the sources cannot be loaded, and retries', async () => {
    const sources = jest
      .fn()
      .mockRejectedValueOnce(apiError(0, 'Cannot reach the Jupyter server.'))
      .mockResolvedValue({
        sources: [{ id: 'local', label: 'Local jobs', available: true }]
      });
    render(
      <Sidebar
        client={fakeClient({ sources })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Cannot reach the Jupyter server.'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('demo-binary');
  });

  it('says so when no source is available', async () => {
    const sources = jest.fn(async () => ({
      sources: [
        {
          id: 'aws',
          label: 'AWS',
          available: false,
          message: 'No region configured.'
        }
      ]
    }));
    render(
      <Sidebar
        client={fakeClient({ sources })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    await screen.findByText(/No job source is available/);
  });

  it('lists experiments and unassigned trial components that open their AutoML job', async () => {
    const client = fakeClient();
    const onOpenJob = jest.fn();
    const { container } = render(
      <Sidebar client={client} onOpenJob={onOpenJob} debounce={0} />
    );
    await screen.findByText('demo-binary');
    fireEvent.change(screen.getByRole('combobox', { name: 'Resource type' }), {
      target: { value: 'experiments' }
    });
    await screen.findByText('Unassigned trial components');
    expect(client.trialComponents).toHaveBeenCalledWith('local', true);
    const items = Array.from(
      container.querySelectorAll('.jp-autopilot-job-item')
    ) as HTMLElement[];
    expect(items).toHaveLength(2);
    expect(items.every(i => i.dataset.jobName === 'demo-binary')).toBe(true);
    expect(screen.getAllByText('AutoML job: demo-binary')).toHaveLength(2);
    fireEvent.doubleClick(items[1]);
    expect(onOpenJob).toHaveBeenCalledWith('local', 'demo-binary');
  });

  it('shows the experiments error with Retry', async () => {
    const experiments = jest
      .fn()
      .mockRejectedValueOnce(
        apiError(403, 'Access denied to sagemaker:ListExperiments')
      )
      .mockResolvedValue({ experiments: [] });
    const trialComponents = jest.fn(async () => ({ trialComponents: [] }));
    render(
      <Sidebar
        client={fakeClient({ experiments, trialComponents })}
        onOpenJob={jest.fn()}
        debounce={0}
      />
    );
    await screen.findByText('demo-binary');
    fireEvent.change(screen.getByRole('combobox', { name: 'Resource type' }), {
      target: { value: 'experiments' }
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Access denied'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('No unassigned trial components.');
    expect(screen.getByText('No experiments.')).toBeTruthy();
  });
});
