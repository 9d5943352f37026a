/**
 * Nothing is cut without a way to read it: the best trial's name beside its badge, long trial
 * names (tooltip), and the sidebar's controls at the default sidebar width.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as React from 'react';
import { render, screen } from '@testing-library/react';
import { ICandidate } from '../api';
import {
  NAME_MAX_WIDTH,
  NAME_MIN_WIDTH,
  TrialsTable,
  nameColumnWidth
} from '../components/job/TrialsTable';
import { Sidebar } from '../components/sidebar/Sidebar';
import { fakeClient } from './helpers';
import * as fx from './fixtures';

const cand = (name: string, objectiveValue = 0.5): ICandidate => ({
  ...fx.candidates.candidates[0],
  name,
  isBest: false,
  status: 'Completed',
  objectiveValue,
  metrics: [
    {
      name: 'F1',
      standardMetricName: 'F1',
      value: objectiveValue,
      set: 'Validation'
    }
  ]
});

describe('Trial names', () => {
  const BEST = 'demo-binary-linear-001-a7a8339b';
  const candidates = [
    cand(BEST, 0.97),
    cand('demo-binary-rf-003-ff28a958', 0.95),
    cand('x', 0.1)
  ];

  it('the name column fits the longest name, the best one with its badge, up to a cap', () => {
    const short = nameColumnWidth([cand('a'), cand('b')], 'a');
    expect(short).toBe(NAME_MIN_WIDTH);
    const withBest = nameColumnWidth(candidates, BEST);
    const withoutBest = nameColumnWidth(candidates, null);
    // 31 characters in bold after a badge: more than the old fixed 280px
    expect(withBest).toBeGreaterThan(NAME_MIN_WIDTH);
    expect(withBest).toBeGreaterThanOrEqual(
      Math.ceil(BEST.length * 7.6) + 20 + 52
    );
    expect(withBest - withoutBest).toBeGreaterThan(0);
    expect(nameColumnWidth([cand('n'.repeat(200))], null)).toBe(NAME_MAX_WIDTH);
  });

  it('the grid uses that width, and every name cell has its full name as tooltip', () => {
    const { container } = render(
      <TrialsTable
        candidates={candidates}
        objective={{ metric: 'F1', direction: 'Maximize' }}
        bestCandidate={BEST}
        source="local"
        jobName="demo-binary"
      />
    );
    const header = container.querySelector(
      '.jp-autopilot-grid-header'
    ) as HTMLElement;
    expect(header.style.gridTemplateColumns.split(' ')[0]).toBe(
      `${nameColumnWidth(candidates, BEST)}px`
    );
    const nameCells = Array.from(
      container.querySelectorAll('.jp-autopilot-trial-row')
    ).map(r => r.querySelector('[role="gridcell"]') as HTMLElement);
    expect(nameCells.map(c => c.title)).toEqual([
      `${BEST} (best model)`,
      'demo-binary-rf-003-ff28a958',
      'x'
    ]);
    expect(
      nameCells[0].querySelector('.jp-autopilot-best-badge')!.textContent
    ).toBe('Best');
    expect(
      nameCells[0].querySelector('.jp-autopilot-trial-name')!.textContent
    ).toBe(BEST);
  });
});

describe('Sidebar controls', () => {
  it('the search has a row of its own; the status filter sits with the resource-type select', async () => {
    const { container } = render(
      <Sidebar client={fakeClient()} onOpenJob={jest.fn()} debounce={0} />
    );
    await screen.findByText('demo-binary');
    const search = screen.getByRole('searchbox');
    const status = screen.getByRole('combobox', { name: 'Filter by status' });
    const view = screen.getByRole('combobox', { name: 'Resource type' });
    expect(status.parentElement).toBe(view.parentElement);
    expect(
      status.parentElement!.classList.contains('jp-autopilot-filter-row')
    ).toBe(true);
    expect(search.parentElement).toBe(
      container.querySelector('.jp-autopilot-sidebar-controls')
    );
    expect(search.getAttribute('placeholder')).toBe('Search jobs by name');
    expect(search.getAttribute('title')).toBe('Search jobs by name');
    expect((status as HTMLSelectElement).options[0].text).toBe('All statuses');
  });

  it('the stylesheet never squeezes the selects below their text, and gives the search the full width', () => {
    const css: string = fs.readFileSync(
      path.join(__dirname, '..', '..', 'style', 'base.css'),
      'utf8'
    );
    const flat = css.replace(/\s+/g, ' ');
    expect(flat).toContain(
      '.jp-autopilot-filter-row { display: flex; flex-wrap: wrap;'
    );
    expect(flat).toContain(
      '.jp-autopilot-filter-row .jp-autopilot-select { flex: 1 0 auto; min-width: max-content; }'
    );
    expect(flat).toContain(
      '.jp-autopilot-sidebar-controls .jp-autopilot-search { width: 100%;'
    );
  });
});
