// The model-details views' tests: the four views, their shared parts and the tabbed view
// (the Performance view's layout: performance-layout.spec.tsx). About 570 lines: they share
// the fixtures, the plotly recorder and the helpers set up here; each describe block is one
// view, so a view's tests are read together.
import * as React from 'react';
import {
  act,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';
import {
  ArtifactsView,
  CandidateContent,
  ExplainabilityView,
  NetworkView,
  PerformanceView,
  apiLoaders
} from '../components/candidate';
import { calls } from './plotly-mock';
import * as fx from './fixtures';
import { INetwork } from '../api';
import { apiError, expectNoInjectedMarkup, fakeClient } from './helpers';

beforeEach(() => {
  calls.length = 0;
});

function loaders(overrides = {}) {
  return {
    ...apiLoaders(
      fakeClient(overrides) as any,
      'local',
      'demo-binary',
      'cand-best'
    )
  };
}

describe('CandidateContent', () => {
  it('loads the Explainability tab first, the others on demand', async () => {
    const client = fakeClient();
    const l = apiLoaders(client, 'local', 'demo-binary', 'cand-best');
    const { container } = render(
      <CandidateContent
        source="local"
        jobName="demo-binary"
        candidate="cand-best"
        loaders={l}
      />
    );
    expect(screen.getByRole('status').textContent).toContain(
      'Loading explainability'
    );
    await screen.findByText('Feature importance (aggregated SHAP values)');
    expect(client.explainability).toHaveBeenCalledWith(
      'local',
      'demo-binary',
      'cand-best'
    );
    expect(client.performance).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(container.querySelector('.jp-autopilot-shap-chart')).not.toBeNull()
    );
    await waitFor(() => expect(screen.getByText('Best model')).toBeTruthy());
    fireEvent.click(screen.getByRole('tab', { name: 'Performance' }));
    await screen.findByText('Metric statistics');
    expect(client.performance).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('tab', { name: 'Artifacts' }));
    await screen.findByText('Intermediate results');
    fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    await screen.findByText('Network isolation');
    // back to a visited tab: no new request
    fireEvent.click(screen.getByRole('tab', { name: 'Performance' }));
    expect(client.performance).toHaveBeenCalledTimes(1);
    expectNoInjectedMarkup(container);
  });

  it.each([
    ['Explainability', 'explainability'],
    ['Performance', 'performance'],
    ['Artifacts', 'artifacts'],
    ['Network', 'network']
  ])('shows the error of the %s tab with a Retry', async (tabName, method) => {
    const failing = jest
      .fn()
      .mockRejectedValueOnce(apiError(502, `Malformed artifact for ${method}`))
      .mockImplementation(async () => (fx as any)[method]);
    const { container } = render(
      <CandidateContent
        source="local"
        jobName="demo-binary"
        candidate="cand-best"
        loaders={loaders({ [method]: failing })}
      />
    );
    fireEvent.click(screen.getByRole('tab', { name: tabName }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`Malformed artifact for ${method}`);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(container.querySelector('.jp-autopilot-error')).toBeNull()
    );
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('switches tabs with the arrow keys', async () => {
    render(
      <CandidateContent
        source="local"
        jobName="demo-binary"
        candidate="cand-best"
        loaders={loaders()}
      />
    );
    const tab = screen.getByRole('tab', { name: 'Explainability' });
    fireEvent.keyDown(tab, { key: 'ArrowRight' });
    expect(
      screen
        .getByRole('tab', { name: 'Performance' })
        .getAttribute('aria-selected')
    ).toBe('true');
    fireEvent.keyDown(tab, { key: 'End' });
    expect(
      screen.getByRole('tab', { name: 'Network' }).getAttribute('aria-selected')
    ).toBe('true');
  });
});

describe('ExplainabilityView', () => {
  it('draws the top features escaped for plotly, with Show all and a label selector', async () => {
    const { container } = render(
      <ExplainabilityView data={fx.explainability} />
    );
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    const chart = container.querySelector(
      '.jp-autopilot-shap-chart'
    ) as HTMLElement;
    expect(chart).not.toBeNull();
    let last = calls[calls.length - 1];
    expect(last.el).toBe(chart);
    expect(last.data[0].y).toHaveLength(20);
    // most important (hostile) feature name on top, escaped
    expect(last.data[0].y[0]).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(JSON.stringify(last.data)).not.toContain('<img');
    // the theme's colours on the server's chart (its traces as they are)
    expect(last.layout.colorway[0]).toBeTruthy();
    expect(last.layout.paper_bgcolor).toBe('rgba(0,0,0,0)');
    fireEvent.click(
      screen.getByRole('button', { name: 'Show all 25 features' })
    );
    await waitFor(() =>
      expect(calls[calls.length - 1].data[0].y).toHaveLength(25)
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show top 20' }));
    await waitFor(() =>
      expect(calls[calls.length - 1].data[0].y).toHaveLength(20)
    );
    fireEvent.change(screen.getByRole('combobox'), { target: { value: '1' } });
    await waitFor(() =>
      expect(calls[calls.length - 1].data[0].y).toEqual(['other'])
    );
    last = calls[calls.length - 1];
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
    // hyperparameters, with hostile keys / values as text
    expect(
      screen.getByText('From training job demo-binary-train-1')
    ).toBeTruthy();
    expect(screen.getAllByText(fx.HOSTILE)).toHaveLength(2);
    expectNoInjectedMarkup(container);
    const link = screen.getByRole('link', {
      name: 'Amazon SageMaker Clarify model explainability'
    });
    expect(link.getAttribute('href')).toBe(
      'https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-model-explainability.html'
    );
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('explains why there is no chart, and still shows the hyperparameters', () => {
    const { container } = render(
      <ExplainabilityView data={fx.noExplainability} />
    );
    expect(
      screen.getByText('Explainability is not available for this candidate')
    ).toBeTruthy();
    expect(
      screen.getByText(
        'Autopilot produces explainability only for the best candidate.'
      )
    ).toBeTruthy();
    expect(screen.getByText('max_depth')).toBeTruthy();
    expect(container.querySelector('.jp-autopilot-shap-chart')).toBeNull();
  });

  it('says which unit the SHAP values are in when the server knows it', () => {
    const note =
      'Mean |SHAP| in predicted probability (of the label): comparable across candidates and families.';
    const { container, rerender } = render(
      <ExplainabilityView data={{ ...fx.explainability, unitNote: note }} />
    );
    expect(
      container.querySelector('.jp-autopilot-shap-unit')?.textContent
    ).toBe(note);
    rerender(
      <ExplainabilityView data={{ ...fx.explainability, unitNote: null }} />
    );
    expect(container.querySelector('.jp-autopilot-shap-unit')).toBeNull();
  });

  it('shows candidate metrics when given', () => {
    render(
      <ExplainabilityView
        data={fx.noExplainability}
        candidateMetrics={fx.performance.candidateMetrics}
      />
    );
    expect(screen.getByText('Candidate metrics')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Train' })).toBeTruthy();
  });

  it('downloads the report, and disables the button with the reason on 404', async () => {
    const download = jest
      .fn()
      .mockRejectedValueOnce(
        apiError(404, 'This candidate has no explainability report.')
      );
    render(
      <ExplainabilityView data={fx.explainability} downloadReport={download} />
    );
    const button = screen.getByRole('button', {
      name: 'Download report (PDF)'
    }) as HTMLButtonElement;
    await act(async () => {
      fireEvent.click(button);
    });
    expect(download).toHaveBeenCalledWith('explainabilityPdf');
    expect(button.disabled).toBe(true);
    expect(
      screen.getByText('This candidate has no explainability report.')
    ).toBeTruthy();
  });

  it('disables a report button up front when the server found no such file', () => {
    const download = jest.fn();
    render(
      <ExplainabilityView
        data={{ ...fx.explainability, reports: { explainabilityPdf: false } }}
        downloadReport={download}
      />
    );
    const button = screen.getByRole('button', {
      name: 'Download report (PDF)'
    }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(
      screen.getByText('No such file was written for this candidate.')
    ).toBeTruthy();
    expect(download).not.toHaveBeenCalled();
  });
});

describe('PerformanceView', () => {
  it('says when the report was evaluated, and nothing for a time it cannot read', () => {
    const at = '2023-03-30T12:08:34.729Z';
    const { container, rerender } = render(
      <PerformanceView
        data={{
          ...fx.performance,
          report: { ...fx.performance.report, evaluationTime: at }
        }}
      />
    );
    const caption = () =>
      (container.querySelector('.jp-autopilot-caption') as HTMLElement)
        .textContent;
    expect(caption()).toContain(
      'Evaluated on 1000 rows · Evaluation time: 2023-03-30'
    );
    rerender(
      <PerformanceView
        data={{
          ...fx.performance,
          report: { ...fx.performance.report, evaluationTime: 'yesterday' }
        }}
      />
    );
    expect(caption()).not.toContain('Evaluation time');
    expect(caption()).not.toContain('—');
  });

  it('shows statistics (null as a dash), metrics by set, the confusion matrix and ROC', async () => {
    const { container } = render(<PerformanceView data={fx.performance} />);
    const stats = container.querySelector(
      '.jp-autopilot-statistics'
    ) as HTMLElement;
    expect(stats.textContent).toContain('accuracy');
    expect(stats.textContent).toContain('0.91');
    expect(stats.querySelectorAll('tbody tr')[1].textContent).toContain('—');
    expect(
      screen.getByText('Evaluated on 1000 rows', { exact: false })
    ).toBeTruthy();
    await waitFor(() =>
      expect(
        container.querySelector('.jp-autopilot-confusion-matrix')
      ).not.toBeNull()
    );
    await waitFor(() =>
      expect(
        calls.some(c =>
          c.el.classList.contains('jp-autopilot-confusion-matrix')
        )
      ).toBe(true)
    );
    const cm = () =>
      calls
        .filter(c => c.el.classList.contains('jp-autopilot-confusion-matrix'))
        .pop()!;
    expect(cm().data[0].type).toBe('heatmap');
    expect(cm().data[0].z).toEqual([
      [50, 10],
      [5, 35]
    ]);
    expect(cm().data[0].x[1]).toBe('&lt;img src=x onerror=alert(1)&gt;');
    fireEvent.click(screen.getByRole('button', { name: 'Row-normalised' }));
    await waitFor(() => expect(cm().data[0].z[0][0]).toBeCloseTo(50 / 60));
    expect(container.querySelector('.jp-autopilot-roc-chart')).not.toBeNull();
    expect(screen.getByText('ROC curve (AUC 0.950)')).toBeTruthy();
    expect(container.querySelector('.jp-autopilot-pr-chart')).not.toBeNull();
  });

  it('draws a chart the server did not make as nothing (no client-side chart)', async () => {
    const { container } = render(
      <PerformanceView
        data={{
          ...fx.performance,
          figures: {
            ...fx.performance.figures,
            roc: null,
            precisionRecall: null
          }
        }}
      />
    );
    expect(
      container.querySelector('.jp-autopilot-confusion-matrix')
    ).not.toBeNull();
    expect(container.querySelector('.jp-autopilot-roc-chart')).toBeNull();
    expect(container.querySelector('.jp-autopilot-pr-chart')).toBeNull();
  });

  it('shows the reason when the report is unavailable', () => {
    const { container } = render(<PerformanceView data={fx.noPerformance} />);
    expect(
      screen.getByText(
        'Autopilot generates the performance report only for the best candidate.'
      )
    ).toBeTruthy();
    expect(
      screen.getByText('No candidate metrics were recorded.')
    ).toBeTruthy();
    expect(
      container.querySelector('.jp-autopilot-confusion-matrix')
    ).toBeNull();
  });
});

describe('ArtifactsView', () => {
  it('lists the three sections with copyable URIs and console links we build', () => {
    const { container } = render(<ArtifactsView data={fx.artifacts} />);
    expect(screen.getByText('Inputs')).toBeTruthy();
    expect(screen.getByText('Outputs')).toBeTruthy();
    expect(screen.getByText('Intermediate results')).toBeTruthy();
    expect(screen.getByText('None recorded.')).toBeTruthy();
    const links = Array.from(container.querySelectorAll('a')).map(a =>
      a.getAttribute('href')
    );
    expect(links).toEqual([
      'https://s3.console.aws.amazon.com/s3/object/my-bucket?prefix=data%2Ftrain.csv',
      'https://s3.console.aws.amazon.com/s3/object/my-bucket?prefix=output%2Fmodel.tar.gz'
    ]);
    for (const a of Array.from(container.querySelectorAll('a'))) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    // the javascript: "URI" is shown as text, never linked
    expect(screen.getByText('javascript:alert(1)')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Copy URI' })).toHaveLength(3);
    expectNoInjectedMarkup(container);
  });

  it('links no AWS console for a job the local runner made (its s3:// URIs are local files)', () => {
    const { container } = render(
      <ArtifactsView data={{ ...fx.artifacts, onAws: false }} />
    );
    expect(container.querySelectorAll('a')).toHaveLength(0);
    expect(screen.getByText('s3://my-bucket/data/train.csv')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Copy URI' })).toHaveLength(3);
  });

  it('copies a URI', async () => {
    const writeText = jest.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    render(<ArtifactsView data={fx.artifacts} />);
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Copy URI' })[0]);
    });
    expect(writeText).toHaveBeenCalledWith('s3://my-bucket/data/train.csv');
  });
});

describe('NetworkView', () => {
  it('gives every setting a clear state', () => {
    const { container } = render(<NetworkView data={fx.network} />);
    const text = (label: string) =>
      (screen.getByText(label).closest('tr') as HTMLElement).textContent;
    expect(text('Network isolation')).toContain('Enabled');
    expect(text('Inter-container traffic encryption')).toContain('Disabled');
    expect(text('VPC')).toContain('Configured');
    expect(text('VPC subnets')).toContain('subnet-1');
    expect(text('Security groups')).toContain('sg-1');
    expect(text('Volume KMS key')).toContain('Set');
    expect(text('Output KMS key')).toContain('Not set');
    expect(container.querySelectorAll('.jp-autopilot-onoff-on').length).toBe(3);
  });

  it('says Not set / Not configured for a job without settings', () => {
    // a notebook output saved by an older version may lack fields
    render(<NetworkView data={{ vpc: null } as unknown as INetwork} />);
    expect(
      (screen.getByText('Network isolation').closest('tr') as HTMLElement)
        .textContent
    ).toContain('Not set');
    expect(
      (screen.getByText('VPC').closest('tr') as HTMLElement).textContent
    ).toContain('Not configured');
  });
});

describe('NetworkView hints match each state', () => {
  const row = (label: string) =>
    screen.getByText(label).closest('tr') as HTMLElement;
  const hint = (label: string) =>
    (row(label).querySelectorAll('td')[1] as HTMLElement).textContent || '';

  it('on: what the setting guarantees; the values come from the training job', () => {
    render(
      <NetworkView
        data={{
          ...fx.network,
          interContainerTrafficEncryption: true,
          outputKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/out',
          from: 'trainingJob',
          trainingJob: 'cand-best-training'
        }}
      />
    );
    expect(
      screen.getByText(
        "Values from the candidate's training job cand-best-training."
      )
    ).toBeTruthy();
    expect(row('Network isolation').textContent).toContain('Enabled');
    expect(hint('Network isolation')).toBe(
      'The containers cannot make outbound network calls, not even to other AWS services.'
    );
    expect(hint('Inter-container traffic encryption')).toBe(
      'Traffic between the training containers is encrypted.'
    );
    expect(hint('VPC')).toContain('ran in your VPC');
    expect(hint('Volume KMS key')).toContain(
      'arn:aws:kms:us-east-1:123456789012:key/abc'
    );
    expect(hint('Volume KMS key')).toContain('encrypted with this key');
    expect(hint('Output KMS key')).toContain('key/out');
  });

  it('off: what it means, never the guarantee of the on state', () => {
    render(
      <NetworkView
        data={{
          job: 'demo-binary',
          candidate: 'cand-best',
          onAws: true,
          networkIsolation: false,
          interContainerTrafficEncryption: false,
          vpc: null,
          volumeKmsKeyId: null,
          outputKmsKeyId: null,
          from: 'trainingJob',
          trainingJob: 't-1'
        }}
      />
    );
    expect(row('Network isolation').textContent).toContain('Disabled');
    expect(hint('Network isolation')).toContain(
      'may make outbound network calls'
    );
    expect(hint('Network isolation')).not.toContain('cannot');
    expect(row('Inter-container traffic encryption').textContent).toContain(
      'Disabled'
    );
    expect(hint('Inter-container traffic encryption')).toBe(
      'Traffic between the training containers is not encrypted.'
    );
    expect(row('VPC').textContent).toContain('Not configured');
    expect(hint('VPC')).toContain('outside a customer VPC');
    expect(hint('Volume KMS key')).toContain('AWS managed key (default)');
    expect(hint('Output KMS key')).toContain('AWS managed key (default)');
    expect(screen.queryByText(/Not recorded/)).toBeNull();
  });

  it('null: not recorded for this job, and says where the values come from', () => {
    // the server fell back to the job's SecurityConfig: it has no network isolation setting
    const { container } = render(
      <NetworkView
        data={{
          job: 'demo-binary',
          candidate: 'cand-best',
          onAws: true,
          networkIsolation: null,
          interContainerTrafficEncryption: true,
          vpc: null,
          volumeKmsKeyId: null,
          outputKmsKeyId: null,
          from: 'jobSecurityConfig',
          trainingJob: null
        }}
      />
    );
    expect(
      container.querySelector('.jp-autopilot-network-source')!.textContent
    ).toContain("AutoML job's security configuration (SecurityConfig)");
    expect(row('Network isolation').textContent).toContain('Not set');
    expect(
      row('Network isolation').querySelector('.jp-autopilot-onoff-unset')
    ).not.toBeNull();
    expect(hint('Network isolation')).toMatch(/^Not recorded for this job/);
    expect(hint('Network isolation')).not.toMatch(/cannot|may make/);
    expect(hint('Inter-container traffic encryption')).toBe(
      'Traffic between the training containers is encrypted.'
    );
  });

  it('null everywhere, no source: every row says not recorded', () => {
    const { container } = render(
      <NetworkView
        data={
          {
            networkIsolation: null,
            interContainerTrafficEncryption: null
          } as unknown as INetwork
        }
      />
    );
    expect(container.querySelector('.jp-autopilot-network-source')).toBeNull();
    for (const label of [
      'Network isolation',
      'Inter-container traffic encryption',
      'VPC',
      'Volume KMS key',
      'Output KMS key'
    ]) {
      expect(hint(label)).toBe('Not recorded for this job.');
    }
  });
});
