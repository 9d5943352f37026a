import * as React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Widget } from '@lumino/widgets';
import extension, {
  AutopilotMimeRenderer,
  AutopilotOutput,
  MIME_TYPE,
  rendererFactory
} from '../mime';
import { calls } from './plotly-mock';
import * as fx from './fixtures';
import { expectNoInjectedMarkup } from './helpers';

const jobPayload = {
  kind: 'job',
  source: 'local',
  job: fx.job,
  candidates: fx.candidates
};
const candidatePayload = {
  kind: 'candidate',
  source: 'local',
  jobName: 'demo-binary',
  candidate: 'cand-best',
  explainability: fx.explainability,
  performance: fx.performance,
  artifacts: fx.artifacts,
  network: fx.network
};

describe('MIME renderer', () => {
  it('is registered for the autopilot MIME type and safe', () => {
    expect(rendererFactory.mimeTypes).toEqual([MIME_TYPE]);
    expect(rendererFactory.safe).toBe(true);
    expect(extension.rendererFactory).toBe(rendererFactory);
  });

  it('renders a job: summary and trials table, with no server call', () => {
    const { container } = render(<AutopilotOutput payload={jobPayload} />);
    expect(screen.getByRole('heading', { name: 'demo-binary' })).toBeTruthy();
    expect(container.querySelectorAll('.jp-autopilot-trial-row')).toHaveLength(
      5
    );
    expect(screen.getAllByText(fx.HOSTILE).length).toBeGreaterThan(0);
    expectNoInjectedMarkup(container);
  });

  it('renders a candidate: the SHAP chart and metrics', async () => {
    calls.length = 0;
    const { container } = render(
      <AutopilotOutput payload={candidatePayload} />
    );
    await waitFor(() =>
      expect(container.querySelector('.jp-autopilot-shap-chart')).not.toBeNull()
    );
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    expect(screen.getByText('Candidate metrics')).toBeTruthy();
  });

  it('says which part of a candidate is missing from the output', async () => {
    render(
      <AutopilotOutput
        payload={{ ...candidatePayload, explainability: null }}
      />
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The explainability view is not included in this output.'
    );
  });

  it("shows the notebook API's message for a view it could not load", async () => {
    const message =
      's3://bucket/fx-malformed/explain/analysis.json is not valid JSON: Expecting value: line 1 column 1 (char 0).';
    const { container } = render(
      <AutopilotOutput
        payload={{
          ...candidatePayload,
          explainability: null,
          performance: null,
          errors: {
            explainability: message,
            performance: `${fx.HOSTILE} statistics.json is malformed`
          }
        }}
      />
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load this view');
    expect(alert.textContent).toContain(message);
    expect(alert.textContent).not.toContain('not included in this output');
    fireEvent.click(screen.getByRole('tab', { name: 'Performance' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .some(a =>
            a.textContent!.includes(
              `${fx.HOSTILE} statistics.json is malformed`
            )
          )
      ).toBe(true)
    );
    expectNoInjectedMarkup(container);
    // a view without a recorded error still says it is not included; one with data shows it
    fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    await screen.findByText('Network isolation');
  });

  it('ignores an errors entry that is not text', async () => {
    render(
      <AutopilotOutput
        payload={{
          ...candidatePayload,
          explainability: null,
          errors: { explainability: { x: 1 } }
        }}
      />
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The explainability view is not included in this output.'
    );
  });

  it('shows an error for an unknown payload', () => {
    render(<AutopilotOutput payload={{ kind: 'nope' }} />);
    expect(
      screen.getByText('Cannot display this Autopilot output')
    ).toBeTruthy();
  });

  it('renders through the IRenderer interface', async () => {
    const renderer = rendererFactory.createRenderer({
      mimeType: MIME_TYPE
    } as any) as AutopilotMimeRenderer;
    Widget.attach(renderer, document.body);
    await renderer.renderModel({ data: { [MIME_TYPE]: jobPayload } } as any);
    await waitFor(() =>
      expect(
        renderer.node.querySelectorAll('.jp-autopilot-trial-row').length
      ).toBe(5)
    );
    Widget.detach(renderer);
    renderer.dispose();
  });
});
