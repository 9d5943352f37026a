/**
 * SHAP across candidates in the job tab: read only when its subtab is opened; the leakage
 * warnings, the rank stability and the reason for candidates without explanations.
 */
import * as React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { JobView } from '../components/job/JobView';
import { ShapMatrixContent } from '../components/job/ShapMatrixView';
import { fakeClient } from './helpers';

const matrix = {
  job: 'demo-binary',
  candidates: ['c1', 'c2'],
  features: ['customer_id', 'age'],
  shares: [
    [0.9, 0.1],
    [0.7, 0.3]
  ],
  stability: [
    { name: 'customer_id', meanShare: 0.8, bestRank: 1, worstRank: 1 },
    { name: 'age', meanShare: 0.2, bestRank: 2, worstRank: 2 }
  ],
  warnings: [
    'customer_id looks like an identifier and ranks #1: an identifier should not predict the target.'
  ],
  unexplained: ['c3'],
  unitNote:
    "Each cell is a candidate's mean |SHAP| of the feature as its share.",
  figure: null
};

describe('SHAP across candidates', () => {
  it('shows the leakage warnings, the rank stability and what is missing', () => {
    render(<ShapMatrixContent data={matrix} />);
    expect(screen.getByRole('alert').textContent).toContain(
      'customer_id looks like an identifier'
    );
    expect(screen.getByText('80.0%')).toBeTruthy();
    expect(screen.getAllByText('#1').length).toBe(1);
    expect(screen.getByText('Without explainability output: c3.')).toBeTruthy();
  });

  it('is read only when its subtab is opened', async () => {
    const shapMatrix = jest.fn(async () => matrix);
    render(
      <JobView
        client={fakeClient({ shapMatrix })}
        source="local"
        job="demo-binary"
        pollInterval={0}
      />
    );
    const tab = await screen.findByRole('tab', {
      name: 'SHAP across candidates'
    });
    expect(shapMatrix).not.toHaveBeenCalled();
    fireEvent.click(tab);
    await waitFor(() =>
      expect(shapMatrix).toHaveBeenCalledWith('local', 'demo-binary')
    );
    await screen.findByText('Rank stability');
  });
});
