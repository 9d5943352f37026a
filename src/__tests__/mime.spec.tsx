import * as React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { Widget } from '@lumino/widgets';
import extension, { AutopilotMimeRenderer, AutopilotOutput, MIME_TYPE, rendererFactory } from '../mime';
import { calls } from './plotly-mock';
import * as fx from './fixtures';
import { expectNoInjectedMarkup } from './helpers';

const jobPayload = { kind: 'job', source: 'local', job: fx.job, candidates: fx.candidates };
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
    expect(container.querySelectorAll('.jp-autopilot-trial-row')).toHaveLength(5);
    expect(screen.getAllByText(fx.HOSTILE).length).toBeGreaterThan(0);
    expectNoInjectedMarkup(container);
  });

  it('renders a candidate: the SHAP chart and metrics', async () => {
    calls.length = 0;
    const { container } = render(<AutopilotOutput payload={candidatePayload} />);
    await waitFor(() => expect(container.querySelector('.jp-autopilot-shap-chart')).not.toBeNull());
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    expect(screen.getByText('Candidate metrics')).toBeTruthy();
  });

  it('says which part of a candidate is missing from the output', async () => {
    render(<AutopilotOutput payload={{ ...candidatePayload, explainability: null }} />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The explainability view is not included in this output.'
    );
  });

  it('shows an error for an unknown payload', () => {
    render(<AutopilotOutput payload={{ kind: 'nope' }} />);
    expect(screen.getByText('Cannot display this Autopilot output')).toBeTruthy();
  });

  it('renders through the IRenderer interface', async () => {
    const renderer = rendererFactory.createRenderer({ mimeType: MIME_TYPE } as any) as AutopilotMimeRenderer;
    Widget.attach(renderer, document.body);
    await renderer.renderModel({ data: { [MIME_TYPE]: jobPayload } } as any);
    await waitFor(() => expect(renderer.node.querySelectorAll('.jp-autopilot-trial-row').length).toBe(5));
    Widget.detach(renderer);
    renderer.dispose();
  });
});
