/**
 * Deciding between candidates: marking trials in the table (box, Ctrl-click, Space), the Compare
 * button, and the Compare view (the best of each metric marked, the others' difference to it,
 * the shared hyperparameters folded).
 */
import * as React from 'react';
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';
import { TrialsTable } from '../components/job/TrialsTable';
import {
  CompareContent,
  differenceText
} from '../components/compare/CompareView';
import * as fx from './fixtures';
import { calls } from './plotly-mock';

function table(onCompare = jest.fn()) {
  render(
    <TrialsTable
      candidates={fx.candidates.candidates}
      objective={fx.candidates.objective}
      bestCandidate="cand-best"
      source="local"
      jobName="demo-binary"
      onCompare={onCompare}
    />
  );
  return onCompare;
}

function row(name: string): HTMLElement {
  return document.querySelector(
    `.jp-autopilot-trial-row[data-candidate="${name}"]`
  ) as HTMLElement;
}

describe('marking trials to compare', () => {
  it('compares the trials marked by their boxes, Ctrl-click and Space, in that order', () => {
    const onCompare = table();
    const compare = screen.getByRole('button', { name: 'Compare' });
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare cand-a' }));
    expect(
      (screen.getByRole('button', { name: 'Compare (1)' }) as HTMLButtonElement)
        .disabled
    ).toBe(true);
    fireEvent.click(row('cand-b'), { ctrlKey: true });
    // Space on the highlighted row (the grid's keyboard)
    fireEvent.click(row('cand-best'));
    fireEvent.keyDown(screen.getByRole('grid'), { key: ' ' });
    const button = screen.getByRole('button', { name: 'Compare (3)' });
    fireEvent.click(button);
    expect(onCompare).toHaveBeenCalledWith(['cand-a', 'cand-b', 'cand-best']);
    // a plain click only highlights; Space again unmarks
    fireEvent.keyDown(screen.getByRole('grid'), { key: ' ' });
    expect(screen.getByRole('button', { name: 'Compare (2)' })).toBeTruthy();
  });

  it('takes at most four trials', () => {
    table();
    for (const name of ['cand-best', 'cand-b', 'cand-a', 'cand-none']) {
      fireEvent.click(
        screen.getByRole('checkbox', { name: `Compare ${name}` })
      );
    }
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    const fifth = boxes.find(b => !b.checked)!;
    expect(fifth.disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Compare (4)' })).toBeTruthy();
  });

  it('has no boxes where there is nothing to compare into (a notebook output)', () => {
    render(
      <TrialsTable
        candidates={fx.candidates.candidates}
        source="local"
        jobName="demo-binary"
      />
    );
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Compare/ })).toBeNull();
  });
});

describe('CompareContent', () => {
  const data = {
    job: 'demo-binary',
    candidates: ['cand-a', 'cand-best'],
    objective: { metric: 'F1', direction: 'Maximize' as const },
    metrics: [
      {
        set: 'Validation',
        name: 'Accuracy',
        direction: 'Maximize' as const,
        values: [0.9, 0.95],
        best: 1
      },
      {
        set: 'Validation',
        name: 'F1',
        direction: 'Maximize' as const,
        values: [0.8, 0.9],
        best: 1
      },
      {
        set: 'Validation',
        name: 'LogLoss',
        direction: 'Minimize' as const,
        values: [0.3, 0.2],
        best: 1
      }
    ],
    hyperparameters: [
      { name: 'max_depth', values: ['3', '6'], differs: true },
      { name: 'seed', values: ['0', '0'], differs: false }
    ],
    shap: null,
    shapNote: 'No explainability output for cand-a.',
    notes: [],
    performance: [
      {
        candidate: 'cand-a',
        figure: null,
        reason:
          'Autopilot generates the model-quality report only for the best candidate.',
        computedOn: null
      },
      {
        candidate: 'cand-best',
        figure: {
          data: [
            {
              type: 'heatmap',
              z: [
                [5, 1],
                [2, 7]
              ],
              x: ['no', 'yes'],
              y: ['no', 'yes']
            }
          ],
          layout: { title: { text: 'Confusion matrix' } }
        },
        reason: null,
        computedOn: 'Pooled out-of-fold predictions (15 rows).'
      }
    ]
  };

  it('puts the objective first, marks the best and shows the others’ difference', () => {
    const onOpen = jest.fn();
    render(<CompareContent data={data} onOpenCandidate={onOpen} />);
    const table = document.querySelector(
      '.jp-autopilot-compare-metrics'
    ) as HTMLElement;
    const first = within(table).getAllByRole('row')[1];
    expect(first.textContent).toContain('F1');
    expect(first.textContent).toContain('objective');
    expect(first.textContent).toContain('0.9000 best');
    expect(first.textContent).toContain('−0.1000');
    expect(table.textContent).toContain('+0.1000'); // LogLoss: lower is better
    expect(
      screen.getByText('1 hyperparameter is the same for all')
    ).toBeTruthy();
    expect(
      screen.getByText('No explainability output for cand-a.')
    ).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'cand-best' })[0]);
    expect(onOpen).toHaveBeenCalledWith('cand-best');
  });

  it('puts the confusion matrices side by side, with the reason for a missing one', async () => {
    const { container } = render(<CompareContent data={data} />);
    expect(
      screen.getByRole('heading', { name: 'Confusion matrices' })
    ).toBeTruthy();
    const items = container.querySelectorAll(
      '.jp-autopilot-compare-performance-item'
    );
    expect(
      Array.from(items).map(i => i.querySelector('figcaption')?.textContent)
    ).toEqual(['cand-a', 'cand-best']);
    expect(items[0].textContent).toContain('only for the best candidate');
    expect(
      items[0].querySelector('.jp-autopilot-compare-performance-chart')
    ).toBeNull();
    const chart = items[1].querySelector(
      '.jp-autopilot-compare-performance-chart'
    ) as HTMLElement;
    await waitFor(() => expect(calls.some(c => c.el === chart)).toBe(true));
    const drawn = calls.filter(c => c.el === chart).slice(-1)[0];
    expect(drawn.data[0].z).toEqual([
      [5, 1],
      [2, 7]
    ]);
    expect(drawn.layout.height).toBe(300);
    expect(items[1].textContent).toContain('(15 rows)');
  });

  it('writes differences with their sign', () => {
    expect(differenceText(0.5, 0.75)).toBe('−0.2500');
    expect(differenceText(0.75, 0.5)).toBe('+0.2500');
    expect(differenceText(0.5, 0.5)).toBe('±0');
    expect(differenceText(null, 0.5)).toBe('');
  });
});
