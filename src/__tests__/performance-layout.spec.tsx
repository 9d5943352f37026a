// The Performance view's layout: where its tables and charts go, wide and narrow, and how
// metric names and numbers fit narrow tables.
import * as fs from 'fs';
import * as path from 'path';
import * as React from 'react';
import { render, waitFor } from '@testing-library/react';
import { PerformanceView } from '../components/candidate';
import { calls } from './plotly-mock';
import * as fx from './fixtures';

beforeEach(() => {
  calls.length = 0;
});

describe('PerformanceView layout', () => {
  const rocAndPr = {
    ...fx.performance,
    report: {
      ...fx.performance.report,
      curves: {
        roc: {
          falsePositiveRates: [0, 0.5, 1],
          truePositiveRates: [0, 0.8, 1],
          auc: 0.95
        },
        precisionRecall: { recalls: [0, 0.5, 1], precisions: [1, 0.9, 0.5] }
      }
    }
  };

  it('tables in one column, the confusion matrix and then both curves in the other', async () => {
    const { container } = render(<PerformanceView data={rocAndPr} />);
    const grid = container.querySelector(
      '.jp-autopilot-perf-grid'
    ) as HTMLElement;
    expect(grid.classList.contains('jp-autopilot-perf-grid-charts')).toBe(true);
    // the grid's cells, in order: tables, confusion matrix, curves
    expect(Array.from(grid.children).map(c => c.className)).toEqual([
      'jp-autopilot-perf-tables',
      'jp-autopilot-section jp-autopilot-perf-cm',
      'jp-autopilot-perf-curves'
    ]);
    const tables = grid.children[0];
    expect(tables.querySelector('.jp-autopilot-statistics')).not.toBeNull();
    expect(tables.querySelector('.jp-autopilot-metrics-table')).not.toBeNull();
    expect(
      grid.children[1].querySelector('.jp-autopilot-confusion-matrix')
    ).not.toBeNull();
    // ROC and PR side by side (one grid), compact, legends inside the plot
    const curves = grid.children[2].querySelector(
      '.jp-autopilot-perf-curves-grid'
    ) as HTMLElement;
    expect(curves.querySelector('.jp-autopilot-roc-chart')).not.toBeNull();
    expect(curves.querySelector('.jp-autopilot-pr-chart')).not.toBeNull();
    await waitFor(() =>
      expect(
        calls.some(c => c.el.classList.contains('jp-autopilot-pr-chart'))
      ).toBe(true)
    );
    const roc = calls
      .filter(c => c.el.classList.contains('jp-autopilot-roc-chart'))
      .pop()!;
    const pr = calls
      .filter(c => c.el.classList.contains('jp-autopilot-pr-chart'))
      .pop()!;
    expect(roc.layout.height).toBe(260);
    expect(pr.layout.height).toBe(260);
    const cm = calls
      .filter(c => c.el.classList.contains('jp-autopilot-confusion-matrix'))
      .pop()!;
    expect(cm.layout.height).toBe(280); // 2 classes: 320 asked, 40 less in the grid
  });

  it('server curve figures get the compact height and an inside legend', async () => {
    const fig = (name: string) => ({
      data: [{ type: 'scatter', x: [0, 1], y: [0, 1], name }],
      layout: { height: 360, title: { text: name } }
    });
    render(
      <PerformanceView
        data={{
          ...fx.performance,
          figures: {
            ...fx.performance.figures,
            roc: fig('ROC'),
            precisionRecall: fig('PR')
          }
        }}
      />
    );
    await waitFor(() =>
      expect(
        calls.some(c => c.el.classList.contains('jp-autopilot-pr-chart'))
      ).toBe(true)
    );
    await waitFor(() =>
      expect(
        calls.some(c => c.el.classList.contains('jp-autopilot-roc-chart'))
      ).toBe(true)
    );
    for (const cls of ['jp-autopilot-roc-chart', 'jp-autopilot-pr-chart']) {
      const call = calls.filter(c => c.el.classList.contains(cls)).pop()!;
      expect(call.layout.height).toBe(260);
      expect(call.layout.legend.yanchor).toBe('bottom');
      expect(call.layout.legend.y).toBeLessThan(0.5);
      expect(call.layout.title).toBeUndefined(); // the section heading names it
    }
  });

  it('no chart: no chart column', () => {
    const { container } = render(<PerformanceView data={fx.noPerformance} />);
    const grid = container.querySelector(
      '.jp-autopilot-perf-grid'
    ) as HTMLElement;
    expect(grid.classList.contains('jp-autopilot-perf-grid-charts')).toBe(
      false
    );
    expect(container.querySelector('.jp-autopilot-perf-curves')).toBeNull();
  });

  it('the stylesheet has one column by default and two from 900px of panel width', () => {
    const css: string = fs.readFileSync(
      path.join(__dirname, '..', '..', 'style', 'base.css'),
      'utf8'
    );
    const flat = css.replace(/\s+/g, ' ');
    expect(flat).toContain(
      '.jp-autopilot-perf-grid { display: grid; grid-template-columns: minmax(0, 1fr);'
    );
    expect(flat).toMatch(
      /@container jp-autopilot-performance \(min-width: 900px\) \{ \.jp-autopilot-perf-grid-charts \{ grid-template-columns: [^}]*grid-template-areas: 'tables cm' 'tables curves';/
    );
    expect(flat).toMatch(
      /@container jp-autopilot-perf-curves \(min-width: \d+px\) \{ \.jp-autopilot-perf-curves-grid \{ grid-template-columns: minmax\(0, 1fr\) minmax\(0, 1fr\);/
    );
  });
});

describe('Metric names and numbers in narrow tables', () => {
  it('names may wrap after their separators only; the text is unchanged', () => {
    const { container } = render(
      <PerformanceView
        data={{
          ...fx.performance,
          report: {
            ...fx.performance.report,
            metrics: [
              {
                name: 'f1_best_constant_classifier',
                value: 0.5429,
                standardDeviation: 0.0047
              }
            ]
          }
        }}
      />
    );
    const cell = container.querySelector(
      '.jp-autopilot-statistics tbody td'
    ) as HTMLElement;
    expect(cell.textContent).toBe('f1_best_constant_classifier');
    expect(cell.querySelectorAll('wbr')).toHaveLength(3);
    const nums = Array.from(
      container.querySelectorAll(
        '.jp-autopilot-statistics tbody td.jp-autopilot-num'
      )
    ).map(td => td.textContent);
    expect(nums).toEqual(['0.5429', '0.0047']);
  });
});
