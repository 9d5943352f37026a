// "Compute explanation": a finished local job's candidate without an explanation.
import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';
import {
  CandidateContent,
  ExplainabilityView,
  apiLoaders
} from '../components/candidate';
import { COMPUTING_POLL_SECONDS } from '../components/candidate/ExplainabilityView';
import * as fx from './fixtures';
import { apiError, fakeClient } from './helpers';

afterEach(() => jest.useRealTimers());

const missing = {
  ...fx.noExplainability,
  reason: "No analysis.json was found under this candidate's location.",
  canCompute: true
};
const computing = {
  ...fx.noExplainability,
  canCompute: false,
  computing: true,
  reason: "This candidate's explanation is being computed."
};

describe('Compute explanation', () => {
  it('is offered only when the server can compute it', () => {
    const compute = jest.fn();
    const { rerender } = render(
      <ExplainabilityView data={missing} compute={compute} />
    );
    expect(
      screen.getByRole('button', { name: 'Compute explanation' })
    ).toBeTruthy();
    expect(screen.getByText(missing.reason)).toBeTruthy();
    rerender(
      <ExplainabilityView data={fx.noExplainability} compute={compute} />
    );
    expect(
      screen.queryByRole('button', { name: 'Compute explanation' })
    ).toBeNull();
    rerender(<ExplainabilityView data={missing} />); // no way to ask (a notebook output)
    expect(
      screen.queryByRole('button', { name: 'Compute explanation' })
    ).toBeNull();
  });

  it('starts it, says it is being computed, and reads the view again until it is there', async () => {
    jest.useFakeTimers();
    const explainability = jest
      .fn()
      .mockResolvedValueOnce(missing)
      .mockResolvedValueOnce(computing)
      .mockResolvedValue(fx.explainability);
    const computeExplanation = jest.fn(async () => computing);
    const client = fakeClient({ explainability, computeExplanation });
    render(
      <CandidateContent
        source="local"
        jobName="demo-binary"
        candidate="cand-b"
        loaders={apiLoaders(client, 'local', 'demo-binary', 'cand-b')}
      />
    );
    const button = await screen.findByRole('button', {
      name: 'Compute explanation'
    });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(computeExplanation).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Computing the explanation…')).toBeTruthy();
    expect(screen.getByText(computing.reason)).toBeTruthy();
    expect(
      screen.queryByRole('button', { name: 'Compute explanation' })
    ).toBeNull();
    for (const read of [2, 3]) {
      await act(async () => {
        jest.advanceTimersByTime(COMPUTING_POLL_SECONDS * 1000);
      });
      await waitFor(() => expect(explainability).toHaveBeenCalledTimes(read));
    }
    await waitFor(() =>
      expect(screen.queryByText('Computing the explanation…')).toBeNull()
    );
    expect(document.querySelector('.jp-autopilot-shap-chart')).not.toBeNull();
    // it is there: no more reads
    await act(async () => {
      jest.advanceTimersByTime(COMPUTING_POLL_SECONDS * 5000);
    });
    expect(explainability).toHaveBeenCalledTimes(3);
  });

  it('shows the reason when the server refuses, and lets the user try again', async () => {
    const compute = jest
      .fn()
      .mockRejectedValueOnce(
        apiError(409, 'This model was trained with other library versions.')
      )
      .mockResolvedValue(computing);
    render(<ExplainabilityView data={missing} compute={compute} />);
    const button = screen.getByRole('button', { name: 'Compute explanation' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'This model was trained with other library versions.'
    );
    await act(async () => {
      fireEvent.click(
        screen.getByRole('button', { name: 'Compute explanation' })
      );
    });
    expect(compute).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Computing the explanation…')).toBeTruthy();
  });
});
