/**
 * Flows 4 and 5: the model-details tab.
 *  4. right-click a trial → Open in model details → Explainability (a rendered SHAP chart, bars
 *     present and in order, and the hyperparameters), Performance (metrics table, confusion-matrix
 *     heatmap), Artifacts (URIs), Network (flags);
 *  5. a candidate without explainability shows the reason, not a blank pane.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import {
  api,
  candidateTabId,
  clickMenuItem,
  currentSubpanel,
  describeJobFromSidebar,
  expectDescending,
  openModelDetails,
  openSubtab,
  readBars,
  shownRows,
  snap,
  trialRow
} from './helpers';

const JOB = 'fx-binary-v2';
const BEST = 'fx-binary-v2-xgb-002';
const NO_EXPLAIN = 'fx-binary-v2-xgb-001';

/** The rows of a simple table as arrays of cell texts. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll(trs =>
      trs.map(tr =>
        Array.from(tr.querySelectorAll('th, td')).map(c =>
          (c.textContent || '').trim()
        )
      )
    );
}

/** The network table as { row label: state text }. */
async function networkFlags(panel: Locator): Promise<Record<string, string>> {
  const rows = await tableRows(panel.locator('.jp-autopilot-network-table'));
  return Object.fromEntries(rows.map(r => [r[0], r[1]]));
}

test.describe('Model details', () => {
  test('right-click a trial → Open in model details: Explainability, Performance, Artifacts, Network', async ({
    page
  }, testInfo) => {
    const jobTab = await describeJobFromSidebar(page, JOB);
    await trialRow(jobTab, BEST).click({ button: 'right' });
    await clickMenuItem(page, 'Open in model details');

    const tab = page.locator(`#${candidateTabId(JOB, BEST)}`);
    await expect(tab).toBeVisible();
    const title = page.locator(
      `.lm-TabBar-tab[data-id="${candidateTabId(JOB, BEST)}"]`
    );
    await expect(title).toHaveClass(/lm-mod-current/);
    // tabs differ where they are read first: the candidate's own part, then the job
    await expect(title).toHaveText(`xgb-002 · ${JOB}`);
    await expect(tab.locator('.jp-autopilot-job-header h2')).toHaveText(BEST);
    await expect(tab.locator('.jp-autopilot-job-header')).toContainText(
      'Best model'
    );

    // ---- Explainability: the SHAP bar chart, drawn, most important feature on top
    await expect(
      tab.getByRole('tab', { name: 'Explainability' })
    ).toHaveAttribute('aria-selected', 'true');
    const explain = await api(
      page,
      `local/jobs/${JOB}/candidates/${BEST}/explainability`
    );
    const features: Array<{ name: string; importance: number }> =
      explain.labels[0].features;
    expect(features.map(f => f.name)).toEqual([
      'duration',
      'balance',
      'age',
      'job_type',
      'campaign'
    ]);

    const chart = tab.locator('.jp-autopilot-shap-chart');
    const bars = await readBars(chart);
    expect(bars.type).toBe('bar');
    expect(bars.orientation).toBe('h');
    expect(bars.drawn).toBe(features.length);
    expect(bars.labelsTopDown).toEqual(features.map(f => f.name));
    expect(bars.valuesTopDown).toEqual(features.map(f => f.importance));
    expectDescending(bars.valuesTopDown, 'SHAP values, top to bottom');
    expectDescending(bars.widthsTopDown, 'drawn bar lengths, top to bottom');
    expect(bars.widthsTopDown[bars.widthsTopDown.length - 1]).toBeGreaterThan(
      0
    );
    // the y axis reads, top to bottom, the features by importance
    const ticks = await chart.locator('.ytick text').evaluateAll(ts =>
      ts
        .map(t => ({
          text: t.textContent || '',
          top: t.getBoundingClientRect().top
        }))
        .sort((a, b) => a.top - b.top)
        .map(t => t.text)
    );
    expect(ticks).toEqual(features.map(f => f.name));

    // the hyperparameters of the candidate's training job
    const hp = await tableRows(tab.locator('.jp-autopilot-hyperparameters'));
    expect(Object.fromEntries(hp)).toEqual({
      eta: '0.1',
      max_depth: '6',
      num_round: '100',
      objective: 'binary:logistic'
    });
    await snap(page, testInfo, 'explainability');

    // ---- Performance: statistics table and the confusion-matrix heatmap
    await openSubtab(tab, 'Performance');
    const perf = currentSubpanel(tab);
    const stats = await tableRows(perf.locator('.jp-autopilot-statistics'));
    expect(stats).toEqual([
      ['recall', '0.84', '—'],
      ['precision', '0.875', '0.004'],
      ['accuracy', '0.965', '0.002'],
      ['f1', '0.857', '—'],
      ['auc', '0.97', '0.001']
    ]);
    await expect(perf).toContainText('Evaluated on 4000 rows');
    // when (the report's evaluation_time, in the browser's time zone)
    await expect(perf.locator('.jp-autopilot-caption').first()).toContainText(
      /Evaluation time: 2026-11-0[12] \d\d:50:00/
    );
    await snap(
      page,
      testInfo,
      'performance-caption',
      perf.locator('.jp-autopilot-caption').first()
    );

    const cm = perf.locator('.jp-autopilot-confusion-matrix');
    await expect(cm.locator('.hm, .heatmaplayer').first()).toBeAttached();
    const heat = await cm.evaluate(gd => {
      const full = (gd as any)._fullData[0];
      return { type: full.type, x: full.x, y: full.y, z: full.z };
    });
    // plotly.js-cartesian draws a heatmap (the basic bundle would silently draw a scatter)
    expect(heat.type).toBe('heatmap');
    expect(heat.x).toEqual(['no', 'yes']);
    expect(heat.y).toEqual(['no', 'yes']);
    expect(heat.z).toEqual([
      [3440, 60],
      [80, 420]
    ]);
    // the counts are printed in the cells
    // (thousands separators allowed: "3,440")
    const cellTexts = (await cm.locator('text').allTextContents()).map(t =>
      t.replace(/[,\u202f\u00a0]/g, '')
    );
    for (const n of ['3440', '60', '80', '420']) {
      expect(cellTexts).toContain(n);
    }
    // row-normalised toggle
    await perf.getByRole('button', { name: 'Row-normalised' }).click();
    await expect
      .poll(async () => cm.locator('text').allTextContents())
      .toEqual(expect.arrayContaining(['98.3%', '1.7%', '16.0%', '84.0%']));
    await perf.getByRole('button', { name: 'Counts' }).click();
    // ROC curve drawn too
    await expect(
      perf.locator('.jp-autopilot-roc-chart .scatterlayer .trace').first()
    ).toBeAttached();
    await snap(page, testInfo, 'performance');

    // ---- Artifacts: every location the server names, as text
    await openSubtab(tab, 'Artifacts');
    const artifactsPanel = currentSubpanel(tab);
    const artifacts = await api(
      page,
      `local/jobs/${JOB}/candidates/${BEST}/artifacts`
    );
    for (const section of ['Inputs', 'Outputs', 'Intermediate results']) {
      await expect(
        artifactsPanel.locator('h3', { hasText: section })
      ).toBeVisible();
    }
    const all = [
      ...artifacts.inputs,
      ...artifacts.outputs,
      ...artifacts.intermediate
    ];
    expect(all.length).toBeGreaterThan(3);
    const shownUris = (
      await artifactsPanel.locator('.jp-autopilot-uri-text').allTextContents()
    ).map(s => s.trim());
    for (const a of all) {
      expect(shownUris, a.name).toContain(a.uri);
    }
    // S3 locations, and the ARNs of the candidate's processing / training jobs
    expect(
      shownUris.every(
        u => u.startsWith('s3://') || u.startsWith('arn:aws:sagemaker:')
      )
    ).toBe(true);
    expect(shownUris.filter(u => u.startsWith('s3://')).length).toBeGreaterThan(
      5
    );
    await expect(
      artifactsPanel.locator('.jp-autopilot-copy').first()
    ).toBeVisible();
    await snap(page, testInfo, 'artifacts');

    // ---- Network: each flag with a clear on/off state (this candidate: everything on)
    await openSubtab(tab, 'Network');
    const network = currentSubpanel(tab);
    const flags = await networkFlags(network);
    expect(flags['Network isolation']).toBe('Enabled');
    expect(flags['Inter-container traffic encryption']).toBe('Enabled');
    expect(flags['VPC']).toBe('Configured');
    expect(flags['Volume KMS key']).toBe('Set');
    expect(flags['Output KMS key']).toBe('Set');
    await expect(network).toContainText('subnet-0a1b2c3d');
    await expect(network).toContainText('subnet-4e5f6a7b');
    await expect(network).toContainText('sg-0123456789abcdef0');
    await expect(network).toContainText(
      'arn:aws:kms:us-east-1:123456789012:key/vol-key'
    );
    await expect(network.locator('.jp-autopilot-onoff-on')).toHaveCount(5);
    await snap(page, testInfo, 'network');
  });

  test('a candidate without explainability shows the reason, not a blank pane', async ({
    page
  }, testInfo) => {
    const jobTab = await describeJobFromSidebar(page, JOB);
    await trialRow(jobTab, NO_EXPLAIN).click({ button: 'right' });
    await clickMenuItem(page, 'Open in model details');
    const tab = page.locator(`#${candidateTabId(JOB, NO_EXPLAIN)}`);
    await expect(tab).toBeVisible();

    const explain = await api(
      page,
      `local/jobs/${JOB}/candidates/${NO_EXPLAIN}/explainability`
    );
    expect(explain.available).toBe(false);
    const pane = currentSubpanel(tab);
    const notice = pane.locator('.jp-autopilot-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(
      'Explainability is not available for this candidate'
    );
    await expect(notice).toContainText(explain.reason);
    await expect(notice).toContainText('only for the best candidate');
    await expect(pane.locator('.jp-autopilot-shap-chart')).toHaveCount(0);
    // the hyperparameters still come back
    await expect(pane.locator('.jp-autopilot-hyperparameters')).toContainText(
      'binary:logistic'
    );
    await snap(page, testInfo, 'no-explainability');

    // Performance: the report's reason, and the candidate's own metrics
    await openSubtab(tab, 'Performance');
    const perf = currentSubpanel(tab);
    await expect(perf.locator('.jp-autopilot-notice')).toContainText(
      'not available'
    );
    await expect(perf.locator('.jp-autopilot-metrics-table')).toContainText(
      '0.93'
    );
    await expect(perf.locator('.jp-autopilot-confusion-matrix')).toHaveCount(0);

    // Network: everything off for this candidate, said as such
    await openSubtab(tab, 'Network');
    const flags = await networkFlags(currentSubpanel(tab));
    expect(flags['Network isolation']).toBe('Disabled');
    expect(flags['Inter-container traffic encryption']).toBe('Disabled');
    expect(flags['VPC']).toBe('Not configured');
    await snap(page, testInfo, 'no-explainability-network');
  });

  test('a multiclass candidate has one SHAP chart per label', async ({
    page
  }, testInfo) => {
    const job = 'fx-multiclass-v2';
    const cand = 'fx-multiclass-v2-c1';
    const tab = await openModelDetails(page, job, cand);
    const explain = await api(
      page,
      `local/jobs/${job}/candidates/${cand}/explainability`
    );
    expect(explain.labels.map((l: any) => l.label)).toEqual([
      'class_0',
      'class_1',
      'class_2'
    ]);
    const select = tab.locator('.jp-autopilot-label-select');
    await expect(select.locator('option')).toHaveText([
      'class_0',
      'class_1',
      'class_2'
    ]);
    const chart = tab.locator('.jp-autopilot-shap-chart');
    for (let i = 0; i < explain.labels.length; i++) {
      await select.selectOption(String(i));
      const features = explain.labels[i].features.map((f: any) => f.name);
      await expect
        .poll(async () => (await readBars(chart)).labelsTopDown)
        .toEqual(features);
      expectDescending(
        (await readBars(chart)).widthsTopDown,
        `bars of ${explain.labels[i].label}`
      );
    }
    await snap(page, testInfo, 'multiclass-class_2');
  });

  test('a malformed artifact: only its part says which file, the other sections still render', async ({
    page
  }, testInfo) => {
    const job = 'fx-malformed';
    const cand = 'fx-malformed-c1';
    const tab = await openModelDetails(page, job, cand);
    const explain = currentSubpanel(tab);
    const notice = explain.locator('.jp-autopilot-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('analysis.json is not valid JSON');
    await expect(explain.locator('.jp-autopilot-error')).toHaveCount(0);
    // the hyperparameters do not depend on analysis.json: they still show
    await expect(
      explain.locator('.jp-autopilot-hyperparameters')
    ).toBeVisible();
    await snap(page, testInfo, 'malformed-explainability');

    await openSubtab(tab, 'Performance');
    await expect(
      currentSubpanel(tab).locator('.jp-autopilot-notice')
    ).toContainText('statistics.json');

    await openSubtab(tab, 'Network');
    await expect(
      currentSubpanel(tab).locator('.jp-autopilot-network-table')
    ).toBeVisible();
  });
});

test.describe('Performance layout', () => {
  test('the charts are in view at 1400×900: tables left, confusion matrix right, curves side by side; one column when narrow', async ({
    page
  }, testInfo) => {
    const job = 'demo-binary';
    const best: string = (await api(page, `local/jobs/${job}/candidates`))
      .bestCandidate;
    const tab = await openModelDetails(page, job, best);
    await openSubtab(tab, 'Performance');
    const perf = currentSubpanel(tab);
    const roc = perf.locator('.jp-autopilot-roc-chart');
    const pr = perf.locator('.jp-autopilot-pr-chart');
    const cm = perf.locator('.jp-autopilot-confusion-matrix');
    await expect(cm.locator('.hm, .heatmaplayer').first()).toBeAttached();
    await expect(roc.locator('.scatterlayer .trace').first()).toBeAttached();
    await expect(pr.locator('.scatterlayer .trace').first()).toBeAttached();
    const box = async (l: Locator) => (await l.boundingBox())!;
    const scroller = await box(
      perf.locator(
        'xpath=ancestor::div[contains(@class, "jp-autopilot-scroll")][1]'
      )
    );

    const stats = await box(perf.locator('.jp-autopilot-statistics'));
    let cmBox = await box(cm);
    const rocBox = await box(roc);
    const prBox = await box(pr);
    // confusion matrix to the right of the tables, at the top
    expect(cmBox.x).toBeGreaterThanOrEqual(stats.x + stats.width);
    expect(cmBox.y).toBeLessThan(stats.y + stats.height);
    // ROC and PR side by side under it
    expect(Math.abs(rocBox.y - prBox.y)).toBeLessThan(2);
    expect(prBox.x).toBeGreaterThanOrEqual(rocBox.x + rocBox.width);
    expect(rocBox.y).toBeGreaterThanOrEqual(cmBox.y + cmBox.height);
    // all three in view without scrolling
    for (const b of [cmBox, rocBox, prBox]) {
      expect(b.y + b.height).toBeLessThanOrEqual(
        scroller.y + scroller.height + 1
      );
      expect(b.width).toBeGreaterThan(200);
    }
    await snap(page, testInfo, 'performance-wide');

    // a narrow panel: one column, the charts under the tables, each as wide as the panel
    await page.setViewportSize({ width: 760, height: 900 });
    await expect
      .poll(async () => (await box(cm)).y)
      .toBeGreaterThan(
        (await box(perf.locator('.jp-autopilot-metrics-table'))).y
      );
    const narrowStats = await box(perf.locator('.jp-autopilot-statistics'));
    cmBox = await box(cm);
    expect(cmBox.y).toBeGreaterThanOrEqual(narrowStats.y + narrowStats.height);
    expect(Math.abs(cmBox.x - narrowStats.x)).toBeLessThan(2);
    await snap(page, testInfo, 'performance-narrow');
  });
});

test.describe('Jobs without a best model', () => {
  test('a failed job with no best candidate shows its reason and marks no trial', async ({
    page
  }, testInfo) => {
    const tab = await describeJobFromSidebar(page, 'fx-no-best');
    await expect(tab.locator('.jp-autopilot-failure-text')).toHaveText(
      'ClientError: The dataset has fewer than 500 rows.'
    );
    await expect(tab.locator('.jp-autopilot-hint')).toHaveText(
      'This job has no best candidate.'
    );
    const rows = await shownRows(tab);
    expect(rows.map(r => r.candidate)).toEqual(['fx-no-best-c1']);
    expect(rows[0].best || rows[0].badge).toBe(false);
    // no notebooks for this job: the buttons say so instead of failing
    await expect(
      tab.getByRole('button', { name: 'Open data exploration notebook' })
    ).toBeDisabled();
    await snap(page, testInfo, 'no-best');
  });

  test('a job in progress has no best model yet and refreshes live', async ({
    page
  }, testInfo) => {
    const tab = await describeJobFromSidebar(page, 'fx-in-progress');
    await expect(
      tab.locator('.jp-autopilot-job-header .jp-autopilot-status').first()
    ).toHaveText('InProgress');
    await expect(tab.locator('.jp-autopilot-hint')).toHaveText(
      'This job has no best candidate yet.'
    );
    await expect(tab.locator('.jp-autopilot-polling')).toHaveText('Live');
    const rows = await shownRows(tab);
    expect(rows.map(r => r.candidate)).toEqual([
      'fx-in-progress-c1',
      'fx-in-progress-c2'
    ]);
    expect(rows.some(r => r.best || r.badge)).toBe(false);
    await snap(page, testInfo, 'in-progress');
  });
});

test.describe('Partial dependence (Clarify explanations.pdp)', () => {
  test('the feature picker draws each feature: a line, then bars; the unreadable entry is named', async ({
    page
  }, testInfo) => {
    const tab = await openModelDetails(page, JOB, BEST);
    const explain = await api(
      page,
      `local/jobs/${JOB}/candidates/${BEST}/explainability`
    );
    const features = explain.partialDependence.map((e: any) => e.feature);
    expect(features).toEqual(['duration', 'job_type']);
    const section = currentSubpanel(tab).locator('.jp-autopilot-pdp');
    await expect(section).toBeVisible();
    const picker = section.locator('.jp-autopilot-pdp-feature');
    await expect(picker.locator('option')).toHaveText(features);
    const chart = section.locator('.jp-autopilot-pdp-chart');
    // numerical: one drawn line through the file's predictions
    await expect(chart.locator('.scatterlayer .trace').first()).toBeVisible();
    const drawn = () =>
      chart.evaluate(gd => {
        const full = (gd as any)._fullData;
        return full.map((t: any) => ({ type: t.type, y: Array.from(t.y) }));
      });
    // and under it, the file's data distribution: bars in a panel of their own
    expect(await drawn()).toEqual([
      {
        type: 'scatter',
        y: explain.partialDependence[0].labels[0].predictions
      },
      { type: 'bar', y: explain.partialDependence[0].distribution }
    ]);
    await expect(chart.locator('.barlayer .point')).toHaveCount(5);
    await expect(
      section.locator('.jp-autopilot-pdp-distribution')
    ).toBeVisible();
    await snap(page, testInfo, 'partial-dependence-distribution', section);
    // categorical: bars, one per category
    await picker.selectOption('1');
    await expect(chart.locator('.barlayer .point')).toHaveCount(3);
    expect((await drawn()).map(t => t.type)).toEqual(['bar']); // (no distribution in its entry)
    await expect(section.locator('.jp-autopilot-pdp-distribution')).toHaveCount(
      0
    );
    await expect(section.locator('.jp-autopilot-pdp-note')).toContainText(
      "'<b>campaign</b>'"
    );
    await snap(page, testInfo, 'partial-dependence');
  });

  test('the distribution panel reads in the dark theme, in a narrow window', async ({
    page
  }, testInfo) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await page.theme.setDarkTheme();
    const tab = await openModelDetails(page, JOB, BEST);
    const section = currentSubpanel(tab).locator('.jp-autopilot-pdp');
    const chart = section.locator('.jp-autopilot-pdp-chart');
    await expect(chart.locator('.barlayer .point')).toHaveCount(5);
    // both panels inside the chart's width; the share axis titled and in percent
    const box = (await chart.boundingBox())!;
    const svg = (await chart.locator('svg.main-svg').first().boundingBox())!;
    expect(svg.width).toBeLessThanOrEqual(box.width + 1);
    await expect(chart.locator('.g-y2title')).toHaveText('share of rows');
    await expect(chart.locator('.y2tick').first()).toContainText('%');
    await section.scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'partial-dependence-dark-narrow', section);
  });
});
