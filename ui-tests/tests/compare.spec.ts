/**
 * Issue 14: mark trials in the table, Compare: metrics side by side with the best marked,
 * hyperparameters that differ, SHAP on one feature order; a candidate opens from its column.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  currentSubpanel,
  describeJob,
  openModelDetails,
  openSubtab,
  snap,
  trialRow
} from './helpers';

const JOB = 'demo-binary';

test('compare two trials from the table', async ({ page }, testInfo) => {
  const tab = await describeJob(page, JOB);
  const rows = tab.locator('.jp-autopilot-trial-row');
  const first = (await rows.nth(0).getAttribute('data-candidate')) || '';
  const second = (await rows.nth(1).getAttribute('data-candidate')) || '';
  const compare = tab.getByRole('button', { name: /^Compare/ });
  await expect(compare).toBeDisabled();
  await tab.getByRole('checkbox', { name: `Compare ${first}` }).check();
  // Ctrl-click marks too
  await trialRow(tab, second).click({ modifiers: ['Control'] });
  await expect(tab.getByRole('button', { name: 'Compare (2)' })).toBeEnabled();
  await tab.getByRole('button', { name: 'Compare (2)' }).click();

  const panel = page.locator('.jp-autopilot-compare-panel');
  await expect(panel).toBeVisible();
  const metrics = panel.locator('.jp-autopilot-compare-metrics');
  await expect(metrics.locator('thead th')).toHaveText([
    'Metric',
    first,
    second
  ]);
  // the objective row first, its best value marked
  const objectiveRow = metrics.locator('tbody tr').first();
  await expect(objectiveRow).toContainText('F1');
  await expect(objectiveRow).toContainText('objective');
  await expect(objectiveRow.locator('.jp-autopilot-compare-best')).toHaveCount(
    1
  );
  // their confusion matrices side by side, drawn as heatmaps, in the order compared
  const matrices = panel.locator('.jp-autopilot-compare-performance-item');
  await expect(matrices.locator('figcaption')).toHaveText([first, second]);
  for (const item of await matrices.all()) {
    const heatmap = item.locator('.jp-autopilot-compare-performance-chart');
    await expect(
      heatmap.locator('.hm, .heatmaplayer image').first()
    ).toBeAttached();
    expect(await heatmap.evaluate(gd => (gd as any)._fullData[0].type)).toBe(
      'heatmap'
    );
  }
  const boxes = await matrices.evaluateAll(items =>
    items.map(i => i.getBoundingClientRect().top)
  );
  expect(boxes[0]).toBe(boxes[1]); // side by side, not stacked
  // SHAP shares of both, on one chart
  const chart = panel.locator('.jp-autopilot-compare-shap');
  await expect(chart).toBeVisible();
  const traces = await chart.evaluate(gd =>
    (gd as any)._fullData.map((t: any) => t.name)
  );
  expect(traces).toEqual([first, second]);
  await snap(page, testInfo, 'compare');

  // a candidate's column header opens its model details
  await panel.getByRole('button', { name: second }).first().click();
  await expect(
    page.locator(`#autopilot-candidate-local-${JOB}-${second}`)
  ).toBeVisible();
});

test('the threshold slider moves the confusion counts; costs mark the least', async ({
  page
}, testInfo) => {
  const best: string = (
    await (
      await page.request.get(`/autopilot/api/local/jobs/${JOB}/candidates`)
    ).json()
  ).bestCandidate;
  const cand = await openModelDetails(page, JOB, best);
  await openSubtab(cand, 'Performance');
  const explorer = currentSubpanel(cand).locator('.jp-autopilot-threshold');
  await expect(explorer).toBeVisible();
  const counts = async () =>
    explorer
      .locator('[data-cell]')
      .evaluateAll(cells =>
        cells.map(c => (c.textContent || '').trim()).join(',')
      );
  // it starts on the model's own decision threshold (F1: the job chose one)
  await expect(
    explorer.locator('.jp-autopilot-threshold-slider')
  ).toContainText('(the model’s)');
  const before = await counts();
  const slider = explorer.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('Home');
  const atStart = await counts();
  expect(atStart).not.toEqual(before);
  // the slider runs from everything predicted positive (Home) to nothing (End)
  await expect(explorer.locator('[data-cell="fn"]')).toHaveText('0');
  await page.keyboard.press('End');
  await expect(explorer.locator('[data-cell="tp"]')).toHaveText('0');
  await explorer
    .getByRole('button', { name: 'Go to the model’s threshold' })
    .click();
  expect(await counts()).toEqual(before);
  await explorer.getByLabel('Cost of a false negative').fill('20');
  await explorer.getByRole('button', { name: 'Go to the least cost' }).click();
  await expect(explorer.getByRole('status')).toContainText(
    'least expected cost'
  );
  await snap(page, testInfo, 'threshold');
});

test('SHAP across candidates: a heatmap of the top candidates, read when opened', async ({
  page
}, testInfo) => {
  const tab = await describeJob(page, JOB);
  await openSubtab(tab, 'SHAP across candidates');
  const panel = currentSubpanel(tab);
  const chart = panel.locator('.js-plotly-plot').first();
  await expect(chart).toBeVisible({ timeout: 60_000 });
  const trace = await chart.evaluate(gd => {
    const t = (gd as any)._fullData[0];
    return { type: t.type, rows: t.y.length, columns: t.x.length };
  });
  expect(trace.type).toBe('heatmap');
  expect(trace.rows).toBeGreaterThan(1);
  await expect(
    panel.locator('.jp-autopilot-shap-stability tbody tr')
  ).toHaveCount(trace.columns);
  await snap(page, testInfo, 'shap-matrix');
});
