// The partial dependence section of the Explainability tab (Clarify's explanations.pdp).
import * as React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ExplainabilityView } from '../components/candidate';
import { IPartialDependence } from '../api';
import { calls } from './plotly-mock';
import * as fx from './fixtures';

beforeEach(() => {
  calls.length = 0;
});

function entry(
  feature: string,
  dataType: 'numerical' | 'categorical',
  values: (number | string)[],
  labels: Record<string, number[]>
): IPartialDependence {
  const traces = Object.entries(labels).map(([label, predictions]) => ({
    type: dataType === 'categorical' ? 'bar' : 'scatter',
    x: values,
    y: predictions,
    name: label
  }));
  return {
    feature,
    dataType,
    values,
    labels: Object.entries(labels).map(([label, predictions]) => ({
      label,
      predictions
    })),
    distribution: null,
    figure: { data: traces, layout: { title: { text: 'Partial dependence' } } }
  };
}

const pdp = [
  {
    ...entry('duration', 'numerical', [0, 100, 200], { yes: [0.1, 0.3, 0.6] }),
    distribution: [0.5, 0.3, 0.2]
  },
  entry('job_type', 'categorical', ['admin', 'student'], {
    yes: [0.2, 0.4]
  }),
  entry(fx.HOSTILE, 'numerical', [1, 2], { a: [1, 2], b: [2, 1] })
];

describe('Partial dependence', () => {
  it('draws the chosen feature, one trace per label, with a feature picker', async () => {
    const { container } = render(
      <ExplainabilityView
        data={{
          ...fx.explainability,
          partialDependence: pdp,
          partialDependenceNote:
            "Partial dependence not shown for 'x' (no model_predictions)."
        }}
      />
    );
    expect(
      screen.getByRole('heading', { name: 'Partial dependence' })
    ).toBeTruthy();
    const picker = container.querySelector(
      '.jp-autopilot-pdp-feature'
    ) as HTMLSelectElement;
    expect(Array.from(picker.options).map(o => o.textContent)).toEqual([
      'duration',
      'job_type',
      fx.HOSTILE
    ]);
    const chart = () =>
      container.querySelector('.jp-autopilot-pdp-chart') as HTMLElement;
    const lastOnChart = () => calls.filter(c => c.el === chart()).slice(-1)[0];
    await waitFor(() => expect(lastOnChart()).toBeTruthy());
    expect(lastOnChart().data[0].y).toEqual([0.1, 0.3, 0.6]);
    expect(screen.getByText('Label: yes')).toBeTruthy();
    const distributionHint = () =>
      container.querySelector('.jp-autopilot-pdp-distribution');
    expect(distributionHint()?.textContent).toContain(
      "share of the data's rows"
    );
    fireEvent.change(picker, { target: { value: '1' } });
    await waitFor(() => expect(lastOnChart().data[0].type).toBe('bar'));
    expect(screen.getByText('2 categories')).toBeTruthy();
    expect(distributionHint()).toBeNull(); // (this feature's entry has none)
    fireEvent.change(picker, { target: { value: '2' } });
    await waitFor(() => expect(lastOnChart().data).toHaveLength(2));
    expect(screen.getByText('2 labels')).toBeTruthy();
    // a hostile feature name is text in the picker, never markup
    expect(container.querySelector('img')).toBeNull();
    expect(
      container.querySelector('.jp-autopilot-pdp-note')?.textContent
    ).toContain("'x' (no model_predictions)");
  });

  it('is absent when the analysis has no partial dependence', async () => {
    const { container } = render(
      <ExplainabilityView data={fx.explainability} />
    );
    expect(container.querySelector('.jp-autopilot-pdp')).toBeNull();
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
  });

  it('shows the partial dependence of a file without SHAP values, and says so', async () => {
    const reason =
      'This analysis.json holds no SHAP values (explanations.kernel_shap), only partial dependence.';
    const { container } = render(
      <ExplainabilityView
        data={{
          ...fx.explainability,
          labels: [],
          figures: [],
          reason,
          partialDependence: pdp.slice(0, 1)
        }}
      />
    );
    expect(screen.getByText(reason)).toBeTruthy();
    expect(container.querySelector('.jp-autopilot-pdp-chart')).not.toBeNull();
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
  });
});
