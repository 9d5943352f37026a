/**
 * Threshold and cost: the slider moves the confusion counts and the metrics; the costs mark the
 * point of least expected cost; the view says what the points come from.
 */
import * as React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import {
  ThresholdExplorer,
  decisionPoint,
  leastCost,
  startingPoint
} from '../components/candidate/ThresholdExplorer';
import * as fx from './fixtures';

const points = fx.performance.operatingPoints;

function cell(name: string): string {
  return document.querySelector(`[data-cell="${name}"]`)!.textContent || '';
}

function metric(name: string): string {
  return (
    document.querySelector(`[data-metric="${name}"] dd`)!.textContent || ''
  );
}

describe('ThresholdExplorer', () => {
  it('starts on the best F1 and moves the matrix and metrics with the slider', () => {
    render(
      <ThresholdExplorer
        points={points}
        note={fx.performance.operatingPointsNote}
        labels={['no', 'yes']}
      />
    );
    expect(screen.getByText('Operating point 2 of 3')).toBeTruthy();
    expect([cell('tn'), cell('fp'), cell('fn'), cell('tp')]).toEqual([
      '54',
      '6',
      '4',
      '36'
    ]);
    expect(metric('recall')).toBe('0.9000');
    fireEvent.change(screen.getByRole('slider'), { target: { value: '2' } });
    expect([cell('tn'), cell('fp'), cell('fn'), cell('tp')]).toEqual([
      '30',
      '30',
      '0',
      '40'
    ]);
    expect(metric('precision')).toBe('0.5714');
    expect(metric('accuracy')).toBe('0.7000');
    expect(screen.getByRole('columnheader', { name: 'yes' })).toBeTruthy();
    expect(
      screen.getByText(/ROC points of the model-quality report/)
    ).toBeTruthy();
  });

  it('marks the least expected cost and goes there', () => {
    render(<ThresholdExplorer points={points} />);
    // a false negative costs 10 false positives: the point with no false negative wins
    fireEvent.change(screen.getByLabelText('Cost of a false negative'), {
      target: { value: '10' }
    });
    expect(screen.getByRole('status').textContent).toContain(
      'Cost here 46; least: 30 at point 3.'
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to the least cost' })
    );
    expect(screen.getByText('Operating point 3 of 3')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain(
      'This point has the least expected cost'
    );
    fireEvent.change(screen.getByLabelText('Cost of a false positive'), {
      target: { value: '-1' }
    });
    expect(screen.getByRole('status').textContent).toContain(
      'Costs are numbers of 0 or more.'
    );
  });

  it('starts on the model’s own threshold, says it, and goes back to it', () => {
    const exact = [0.3, 0.4, 0.5].map((threshold, i) => ({
      ...points[i],
      threshold
    }));
    render(
      <ThresholdExplorer points={exact} labels={['no', 'yes']} decision={0.4} />
    );
    expect(screen.getByText('Threshold 0.40 (the model’s)')).toBeTruthy();
    expect(
      screen.getByText(
        /The model predicts yes when its probability is 0.40 or more/
      )
    ).toBeTruthy();
    expect(
      screen.queryByRole('button', { name: 'Go to the model’s threshold' })
    ).toBeNull();
    fireEvent.change(screen.getByRole('slider'), { target: { value: '2' } });
    expect(screen.getByText('Threshold 0.50')).toBeTruthy();
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to the model’s threshold' })
    );
    expect(screen.getByText('Threshold 0.40 (the model’s)')).toBeTruthy();
    // no point at the model's threshold (a report's ROC points): the best F1, as before
    expect(startingPoint(points, 0.4)).toBe(1);
    expect(decisionPoint(exact, 0.4)).toBe(1);
    expect(decisionPoint(exact, null)).toBeNull();
  });

  it('finds the least cost and the starting point', () => {
    expect(leastCost(points, 1, 1)).toEqual({ index: 1, cost: 10 });
    expect(leastCost(points, 1, 10)).toEqual({ index: 2, cost: 30 });
    expect(leastCost([], 1, 1)).toBeNull();
    expect(startingPoint(points)).toBe(1);
  });
});

describe('what each metric table was computed on', () => {
  it('says it under Metric statistics and Candidate metrics', () => {
    const { PerformanceView } = jest.requireActual(
      '../components/candidate/PerformanceView'
    );
    render(<PerformanceView data={fx.performance} />);
    expect(
      screen.getByText('Pooled out-of-fold predictions (100 rows).')
    ).toBeTruthy();
    expect(
      screen.getByText('Mean over the cross-validation folds.')
    ).toBeTruthy();
  });
});
