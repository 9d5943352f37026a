/**
 * Our subtabs (job tab, model details, and both in notebook MIME outputs) use classes of their
 * own: JupyterLab's `jp-mod-current` on a `role="tab"` element is what galata (and other tools)
 * take for "the current main-area tab". ARIA stays complete: tablist / tab / tabpanel,
 * aria-selected, aria-controls, aria-labelledby.
 */
import * as React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { JobView } from '../components/job/JobView';
import { CandidateContent, apiLoaders } from '../components/candidate';
import { AutopilotOutput } from '../mime';
import * as fx from './fixtures';
import { fakeClient } from './helpers';

/** Every subtab of a container: one selected, marked with our class only, and ARIA-linked. */
function expectOwnTabClasses(container: HTMLElement, selected: string) {
  // nothing that galata's `.jp-mod-current[role="tab"]` (or any JupyterLab state class) matches
  expect(container.querySelectorAll('.jp-mod-current')).toHaveLength(0);
  expect(
    container.querySelectorAll('[class*="jp-mod-"]:not(.jp-Button)')
  ).toHaveLength(0);
  const tablists = container.querySelectorAll('[role="tablist"]');
  expect(tablists.length).toBeGreaterThan(0);
  const tabs = Array.from(
    container.querySelectorAll('[role="tab"]')
  ) as HTMLElement[];
  expect(tabs.length).toBeGreaterThan(1);
  const current = tabs.filter(t => t.getAttribute('aria-selected') === 'true');
  expect(current.map(t => t.textContent)).toEqual([selected]);
  for (const tab of tabs) {
    const isSelected = tab.getAttribute('aria-selected') === 'true';
    expect(tab.getAttribute('aria-selected')).toBe(String(isSelected));
    expect(tab.classList.contains('jp-autopilot-mod-selected')).toBe(
      isSelected
    );
    expect(tab.tabIndex).toBe(isSelected ? 0 : -1);
    expect(tab.closest('[role="tablist"]')).not.toBeNull();
  }
  // the selected tab controls a panel labelled by it
  const panelId = current[0].getAttribute('aria-controls')!;
  const panel = container.querySelector(`[id="${panelId}"]`) as HTMLElement;
  expect(panel).not.toBeNull();
  expect(panel.getAttribute('role')).toBe('tabpanel');
  expect(panel.getAttribute('aria-labelledby')).toBe(current[0].id);
}

describe('Subtabs', () => {
  it('job tab: our own selected class, full ARIA, following the selection', async () => {
    const { container } = render(
      <JobView
        client={fakeClient()}
        source="local"
        job="demo-binary"
        pollInterval={0}
      />
    );
    await screen.findByRole('heading', { name: 'demo-binary' });
    expectOwnTabClasses(container, 'Trials');
    fireEvent.click(screen.getByRole('tab', { name: 'Job profile' }));
    expectOwnTabClasses(container, 'Job profile');
  });

  it('model details: our own selected class, full ARIA', async () => {
    const loaders = apiLoaders(
      fakeClient(),
      'local',
      'demo-binary',
      'cand-best'
    );
    const { container } = render(
      <CandidateContent
        source="local"
        jobName="demo-binary"
        candidate="cand-best"
        loaders={loaders}
      />
    );
    await screen.findByText('Feature importance (aggregated SHAP values)');
    expectOwnTabClasses(container, 'Explainability');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Explainability' }), {
      key: 'End'
    });
    await screen.findByText('Network isolation');
    expectOwnTabClasses(container, 'Network');
  });

  it('notebook MIME outputs: no jp-mod-current[role=tab] in a job or a candidate output', async () => {
    const job = render(
      <AutopilotOutput
        payload={{
          kind: 'job',
          source: 'local',
          job: fx.job,
          candidates: fx.candidates
        }}
      />
    );
    expect(
      job.container.querySelectorAll('.jp-mod-current[role="tab"]')
    ).toHaveLength(0);
    expectOwnTabClasses(job.container, 'Trials');
    job.unmount();
    const cand = render(
      <AutopilotOutput
        payload={{
          kind: 'candidate',
          source: 'local',
          jobName: 'demo-binary',
          candidate: 'cand-best',
          explainability: fx.explainability,
          performance: fx.performance,
          artifacts: fx.artifacts,
          network: fx.network
        }}
      />
    );
    await screen.findByText('Feature importance (aggregated SHAP values)');
    expectOwnTabClasses(cand.container, 'Explainability');
  });

  it('the selected trial row, sidebar item and segments use our classes too', async () => {
    const { container } = render(
      <JobView
        client={fakeClient()}
        source="local"
        job="demo-binary"
        pollInterval={0}
      />
    );
    await screen.findByRole('heading', { name: 'demo-binary' });
    const row = container.querySelector(
      '.jp-autopilot-trial-row'
    ) as HTMLElement;
    fireEvent.click(row);
    expect(row.classList.contains('jp-autopilot-mod-selected')).toBe(true);
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect(
      container.querySelectorAll('[class*="jp-mod-"]:not(.jp-Button)')
    ).toHaveLength(0);
  });
});
