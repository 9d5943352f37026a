/**
 * "Copy Python": the job tab and the model-details tab copy a snippet that reproduces the view in
 * a notebook; names go in as JSON string literals, never concatenated into code.
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
import { CopyPythonButton } from '../components/common/common';
import { candidatePythonSnippet, jobPythonSnippet } from '../lib/python';
import { CandidatePanel, DEFAULT_SETTINGS } from '../widgets';
import { fakeClient } from './helpers';

let writeText: jest.Mock;

beforeEach(() => {
  writeText = jest.fn(async () => undefined);
  Object.defineProperty(navigator, 'clipboard', {
    value: { writeText },
    configurable: true
  });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('Python snippets', () => {
  it('job tab: the job and its leaderboard', () => {
    expect(jobPythonSnippet('local', 'demo-binary')).toBe(
      'from jupyter_autopilot import AutoMLJob\njob = AutoMLJob("demo-binary", source="local")\njob.leaderboard()'
    );
  });

  it('model details: the candidate and its SHAP chart', () => {
    expect(
      candidatePythonSnippet(
        'local',
        'demo-binary',
        'demo-binary-linear-001-a7a8339b'
      )
    ).toBe(
      'from jupyter_autopilot import AutoMLJob\n' +
        'cand = AutoMLJob("demo-binary", source="local").candidate("demo-binary-linear-001-a7a8339b")\n' +
        'cand.shap_figure()'
    );
  });

  it('quotes hostile names as string literals (no code injection)', () => {
    const evil = 'x")\nimport os; os.system("rm -rf ~")  # \\';
    const snippet = jobPythonSnippet(evil, evil);
    const lines = snippet.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      `job = AutoMLJob(${JSON.stringify(evil)}, source=${JSON.stringify(evil)})`
    );
    expect(lines[1]).toContain('x\\")\\nimport os');
    const cand = candidatePythonSnippet('local', 'j', evil).split('\n');
    expect(cand).toHaveLength(3);
    expect(cand[1]).toBe(
      `cand = AutoMLJob("j", source="local").candidate(${JSON.stringify(evil)})`
    );
  });
});

describe('CopyPythonButton', () => {
  it('copies through the clipboard helper and says "Copied" for a moment', async () => {
    jest.useFakeTimers();
    render(<CopyPythonButton text="print(1)" />);
    const button = screen.getByRole('button', { name: 'Copy Python' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(writeText).toHaveBeenCalledWith('print(1)');
    expect(button.textContent).toBe('Copied');
    act(() => {
      jest.advanceTimersByTime(1600);
    });
    expect(button.textContent).toBe('Copy Python');
  });

  it('stays "Copy Python" when the clipboard refuses', async () => {
    writeText.mockRejectedValueOnce(new Error('denied'));
    render(<CopyPythonButton text="print(1)" />);
    const button = screen.getByRole('button', { name: 'Copy Python' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(button.textContent).toBe('Copy Python');
  });
});

describe('Copy Python in the tabs', () => {
  it('the job tab header copies the job snippet', async () => {
    const client = fakeClient();
    render(
      <JobView
        client={client}
        source="local"
        job="demo-binary"
        pollInterval={0}
      />
    );
    const button = await screen.findByRole('button', { name: 'Copy Python' });
    expect(button.closest('.jp-autopilot-job-header')).not.toBeNull();
    await act(async () => {
      fireEvent.click(button);
    });
    expect(writeText).toHaveBeenCalledWith(
      jobPythonSnippet('local', 'demo-binary')
    );
    await waitFor(() => expect(button.textContent).toBe('Copied'));
  });

  it('the model-details tab header copies the candidate snippet', async () => {
    const client = fakeClient();
    const panel = new CandidatePanel({
      client,
      source: 'local',
      job: 'demo-binary',
      candidate: 'cand-best',
      settings: () => DEFAULT_SETTINGS,
      onOpenJob: () => undefined
    });
    render(panel.render());
    const button = screen.getByRole('button', { name: 'Copy Python' });
    expect(button.closest('.jp-autopilot-job-header')).not.toBeNull();
    await act(async () => {
      fireEvent.click(button);
    });
    expect(writeText).toHaveBeenCalledWith(
      candidatePythonSnippet('local', 'demo-binary', 'cand-best')
    );
    expect(button.textContent).toBe('Copied');
    await screen.findByText('Feature importance (aggregated SHAP values)');
  });
});
