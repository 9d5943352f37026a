/**
 * Issue 17: what a user walking through every view found, each checked in the browser.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  api,
  cellNumber,
  currentSubpanel,
  describeJobFromSidebar,
  headerLabels,
  openModelDetails,
  openSubtab,
  shownRows,
  snap
} from './helpers';

test.describe('Walkthrough defects', () => {
  test('6: a local job says it ran on this machine, not in a SageMaker network', async ({
    page
  }, testInfo) => {
    // a linear candidate of the demo job (names carry a digest: read them)
    const listed = await api(page, 'local/jobs/demo-binary/candidates');
    const linear = listed.candidates
      .map((c: { name: string }) => c.name)
      .find((name: string) => name.includes('-linear-'));
    const cand = await openModelDetails(page, 'demo-binary', linear);
    await openSubtab(cand, 'Network');
    const panel = currentSubpanel(cand);
    await expect(panel).toContainText(
      'This job ran on this machine, not on SageMaker'
    );
    await expect(panel).not.toContainText('managed by SageMaker');
    await expect(panel.locator('.jp-autopilot-network-table')).toHaveCount(0);
    await snap(page, testInfo, 'local-network');
  });

  test('9: a failed candidate explains its failure, not "best model only"', async ({
    page
  }) => {
    const cand = await openModelDetails(
      page,
      'fx-binary-v2',
      'fx-binary-v2-mlp-004'
    );
    const panel = currentSubpanel(cand);
    await expect(panel).toContainText(
      'This candidate failed: AlgorithmError: out of memory'
    );
    await expect(panel).not.toContainText('only for the best candidate');
    await openSubtab(cand, 'Performance');
    await expect(currentSubpanel(cand)).toContainText('This candidate failed');
  });

  test('9: Describe AutoML Job with an unknown name says so in the prompt and opens nothing', async ({
    page
  }) => {
    await page.evaluate(() => {
      void window.jupyterapp.commands.execute('autopilot:describe-job', {
        source: 'local'
      });
    });
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input').fill('no-such-job');
    await dialog.getByRole('button', { name: 'Open' }).click();
    // the prompt stays, with the server's message, and the name to correct
    await expect(dialog).toContainText("'no-such-job' not found");
    await expect(dialog.locator('input')).toHaveValue('no-such-job');
    await expect(
      page.locator('[id^="autopilot-job-local-no-such-job"]')
    ).toHaveCount(0);
    await dialog.locator('input').fill('fx-binary-v2');
    await dialog.getByRole('button', { name: 'Open' }).click();
    await expect(
      page.locator('#autopilot-job-local-fx-binary-v2')
    ).toBeVisible();
  });
});

test('10: the model header names the objective metric; ROC heading and legend show the same AUC', async ({
  page
}) => {
  const cand = await openModelDetails(
    page,
    'fx-binary-v2',
    'fx-binary-v2-xgb-002'
  );
  await expect(cand.locator('.jp-autopilot-job-header')).toContainText(
    'Objective: F1'
  );
  await openSubtab(cand, 'Performance');
  const panel = currentSubpanel(cand);
  await expect(panel.getByText('ROC curve (AUC 0.970)')).toBeVisible();
  await expect(
    panel.locator('.jp-autopilot-roc-chart .legendtext').first()
  ).toHaveText('ROC (AUC 0.970)');
});

test('4: "Pin best model" keeps the best on top; off, an ascending sort puts the lowest first; the objective header is words, not an arrow', async ({
  page
}, testInfo) => {
  const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
  expect((await headerLabels(tab))[1]).toBe('Objective: F1 (maximize)');
  const pin = tab.getByRole('button', { name: 'Pin best model' });
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  const objective = tab.locator('.jp-autopilot-grid-th').nth(1);
  // sort by the objective until it is ascending
  await objective.locator('button').click();
  if ((await objective.getAttribute('aria-sort')) !== 'ascending') {
    await objective.locator('button').click();
  }
  await expect(objective).toHaveAttribute('aria-sort', 'ascending');
  const pinned = await shownRows(tab);
  expect(pinned[0].candidate).toBe('fx-binary-v2-xgb-002');
  expect(pinned[0].best).toBe(true);
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(async () => (await shownRows(tab))[0].candidate)
    .not.toBe('fx-binary-v2-xgb-002');
  const values = (await shownRows(tab))
    .map(r => cellNumber(r.objective))
    .filter((v): v is number => v !== null);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  await snap(page, testInfo, 'trials-unpinned');
});

test('5: the CSV of the Train view names the set of each metric column', async ({
  page
}) => {
  const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
  await tab.getByRole('button', { name: 'Train', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    tab.getByRole('button', { name: 'Download CSV' }).click()
  ]);
  const fs = await import('fs');
  const text = fs.readFileSync((await download.path())!, 'utf-8');
  const header = text.split('\r\n')[0];
  expect(header).toContain('F1 [Train]');
  expect(header).toContain('Objective: F1 (maximize) [Validation]');
  expect(header.split(',')).not.toContain('F1');
});

test('13: in a notebook, "Open in model details" comes before every notebook cell item of a trial row\'s menu', async ({
  page
}) => {
  await page.notebook.createNew('job-inline.ipynb');
  await page.notebook.setCell(
    0,
    'code',
    'from jupyter_autopilot import AutoMLJob\nAutoMLJob("demo-binary", source="local")'
  );
  await page.notebook.run();
  const output = page
    .locator('.jp-NotebookPanel:visible .jp-Cell')
    .first()
    .locator('.jp-OutputArea-output');
  const row = output.locator('.jp-autopilot-trial-row').first();
  await expect(row).toBeVisible();
  await row.click({ button: 'right' });
  const labels = page.locator(
    '.lm-Menu .lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel'
  );
  await expect(labels.first()).toBeVisible();
  const items = (await labels.allTextContents())
    .map(t => t.trim())
    .filter(Boolean); // separators have no label
  const open = items.indexOf('Open in model details');
  // rank 0, the lowest JupyterLab allows: only JupyterLab's own rank-0 output item
  // ("Copy Output to Clipboard", registered first) can come before it
  expect(open).toBeGreaterThanOrEqual(0);
  expect(open).toBeLessThanOrEqual(1);
  expect(open).toBeLessThan(items.indexOf('Cut Cell'));
  await page.keyboard.press('Escape');
});

test('12: Artifacts show how the training job ran and what each inference container is set to', async ({
  page
}, testInfo) => {
  const cand = await openModelDetails(
    page,
    'fx-binary-v2',
    'fx-binary-v2-xgb-002'
  );
  await openSubtab(cand, 'Artifacts');
  const panel = currentSubpanel(cand);
  const training = panel
    .locator('.jp-autopilot-training-jobs tbody tr')
    .first();
  await expect(training).toContainText('1 × ml.m5.4xlarge');
  await expect(training).toContainText('8m 30s');
  await expect(training).toContainText('sagemaker-xgboost:1.7-1');
  await expect(training).toContainText('tuning');
  const env = panel.locator('.jp-autopilot-environment').first();
  await env.locator('summary').click();
  await expect(env).toContainText('AUTOML_TRANSFORM_MODE');
  await snap(page, testInfo, 'artifacts-training-jobs');
});

test('10: metric columns keep four decimals so they line up; times carry their time zone', async ({
  page
}) => {
  const tab = await describeJobFromSidebar(page, 'demo-binary');
  const values = (await shownRows(tab)).map(r => r.objective);
  expect(values.length).toBeGreaterThan(3);
  for (const v of values) {
    expect(v).toMatch(/^\d+\.\d{4}$/);
  }
  await expect(tab.locator('.jp-autopilot-job-header')).toContainText(
    /\d\d:\d\d:\d\d UTC/
  );
  await expect(tab.locator('.jp-autopilot-updated')).toHaveText(
    /^Updated \d\d:\d\d:\d\d UTC/
  );
});

test("8: a reload brings back the subtab shown and the trials table's sort, filter, set and pin", async ({
  page
}) => {
  const job = 'fx-binary-v2';
  const tab = await describeJobFromSidebar(page, job);
  await tab.locator('.jp-autopilot-trials-filter').fill('xgb');
  await tab.getByRole('button', { name: 'Train', exact: true }).click();
  await tab.getByRole('button', { name: 'Pin best model' }).click();
  const objective = tab.locator('.jp-autopilot-grid-th').nth(1);
  await objective.locator('button').click();
  const sorted = await objective.getAttribute('aria-sort');
  const cand = await openModelDetails(page, job, 'fx-binary-v2-xgb-002');
  await openSubtab(cand, 'Performance');
  await page.waitForTimeout(1500); // JupyterLab debounces saving the layout

  await page.reload({ waitForIsReady: false });
  await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
  const restoredCand = page.locator(
    '#autopilot-candidate-local-fx-binary-v2-fx-binary-v2-xgb-002'
  );
  await expect(
    restoredCand.getByRole('tab', { name: 'Performance' })
  ).toHaveAttribute('aria-selected', 'true');
  await page
    .locator('.lm-TabBar-tab[data-id="autopilot-job-local-fx-binary-v2"]')
    .click();
  const restored = page.locator('#autopilot-job-local-fx-binary-v2');
  await expect(restored.locator('.jp-autopilot-trials-filter')).toHaveValue(
    'xgb'
  );
  await expect(
    restored.getByRole('button', { name: 'Train', exact: true })
  ).toHaveAttribute('aria-pressed', 'true');
  await expect(
    restored.getByRole('button', { name: 'Pin best model' })
  ).toHaveAttribute('aria-pressed', 'false');
  await expect(
    restored.locator('.jp-autopilot-grid-th').nth(1)
  ).toHaveAttribute('aria-sort', sorted!);
});

test('3: Enter on a header sorts (it never opens a row); Shift+F10 and the ContextMenu key open the trial menu', async ({
  page
}) => {
  const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
  const grid = tab.getByRole('grid');
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  const objective = tab.locator('.jp-autopilot-grid-th').nth(1);
  // one tab stop: the headers are reached with ArrowUp from the first row, then ArrowRight
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  await expect(tab.locator('.jp-autopilot-sort').first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(objective.locator('button')).toBeFocused();
  await expect(objective.locator('button')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('Enter');
  await expect(objective).not.toHaveAttribute('aria-sort', 'none');
  await expect(page.locator('[id^="autopilot-candidate-"]')).toHaveCount(0);
  // back on the rows: the keyboard opens the menu of the highlighted trial
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+F10');
  const menu = page.locator('.lm-Menu');
  await expect(menu.getByText('Open in model details')).toBeVisible();
  await page.keyboard.press('Escape');
  await grid.focus();
  await page.keyboard.press('ContextMenu');
  await expect(menu.getByText('Open in model details')).toBeVisible();
  await menu.getByText('Open in model details').click();
  await expect(
    page.locator('[id^="autopilot-candidate-local-fx-binary-v2-"]')
  ).toHaveCount(1);
});

test('9: opening a job notebook logs no 404 in the browser console', async ({
  page
}) => {
  const failures: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error' && /404|Not Found/i.test(message.text())) {
      failures.push(message.text());
    }
  });
  page.on('response', response => {
    if (
      response.status() === 404 &&
      response.url().includes('/api/contents/')
    ) {
      failures.push(response.url());
    }
  });
  const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
  await tab
    .getByRole('button', { name: 'Open data exploration notebook' })
    .click();
  await expect(
    page.locator('.jp-NotebookPanel:visible .jp-Cell').first()
  ).toBeVisible();
  expect(failures).toEqual([]);
});

test('1: a job notebook closed (and discarded) before its kernel answers leaves no save error', async ({
  page
}) => {
  const tab = await describeJobFromSidebar(page, 'fx-multiclass-v2');
  await tab
    .getByRole('button', { name: 'Open data exploration notebook' })
    .click();
  const panel = page.locator('.jp-NotebookPanel:visible');
  await expect(panel.locator('.jp-Cell').first()).toBeVisible();
  // close it at once, before the kernel is up; discard if JupyterLab asks
  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('application:close');
  });
  const discard = page.getByRole('button', { name: /Discard|Don't Save/ });
  if (await discard.isVisible({ timeout: 2000 }).catch(() => false)) {
    await discard.click();
  }
  await expect(page.locator('.jp-NotebookPanel:visible')).toHaveCount(0);
  // the clean-up of the closed notebook would have tried to save it by now
  await page.waitForTimeout(8000);
  await expect(
    page.locator('.jp-Dialog', { hasText: 'File Save Error' })
  ).toHaveCount(0);
});

test('11: the trial name stays in view when scrolling sideways; headers have tooltips; the Best badge stays visible when selected; the sidebar title is one line', async ({
  page
}, testInfo) => {
  await page.setViewportSize({ width: 800, height: 800 });
  await page.theme.setDarkTheme();
  const tab = await describeJobFromSidebar(page, 'demo-binary');
  const grid = tab.getByRole('grid');
  await grid.evaluate(el => (el.scrollLeft = 400));
  await page.waitForTimeout(200);
  const gridBox = (await grid.boundingBox())!;
  const nameCell = tab
    .locator('.jp-autopilot-trial-row')
    .first()
    .locator('[role="gridcell"]')
    .first();
  const nameBox = (await nameCell.boundingBox())!;
  expect(Math.abs(nameBox.x - gridBox.x)).toBeLessThan(3);
  const nameHeader = tab.locator('.jp-autopilot-grid-th').first();
  expect(
    Math.abs((await nameHeader.boundingBox())!.x - gridBox.x)
  ).toBeLessThan(3);
  // every header carries its full text as a tooltip
  for (const th of await tab.locator('.jp-autopilot-grid-th').all()) {
    expect(await th.getAttribute('title')).toBeTruthy();
  }
  // select the best row: its badge keeps a background of its own
  const best = tab.locator('.jp-autopilot-trial-row.jp-autopilot-best').first();
  await best.click();
  const colors = await best.evaluate(row => {
    const badge = row.querySelector('.jp-autopilot-best-badge') as HTMLElement;
    return [
      getComputedStyle(row).backgroundColor,
      getComputedStyle(badge).backgroundColor
    ];
  });
  expect(colors[0]).not.toBe(colors[1]);
  const title = page.locator('.jp-autopilot-sidebar-title');
  // one line: less than two font sizes high ('normal' line height is about 1.2)
  const lines = await title.evaluate(
    el =>
      el.getBoundingClientRect().height /
      parseFloat(getComputedStyle(el).fontSize)
  );
  expect(lines).toBeLessThan(2);
  await snap(page, testInfo, 'trials-dark-narrow');
});

test('11: the sidebar selection follows the current Autopilot tab', async ({
  page
}) => {
  const { describeJob, openSidebar } = await import('./helpers');
  await openSidebar(page);
  await describeJob(page, 'fx-binary-v2');
  await describeJob(page, 'demo-binary');
  const selected = page.locator(
    '.jp-autopilot-sidebar .jp-autopilot-job-item.jp-autopilot-mod-selected'
  );
  await expect(selected).toHaveAttribute('data-job-name', 'demo-binary');
  await page
    .locator('.lm-TabBar-tab[data-id="autopilot-job-local-fx-binary-v2"]')
    .click();
  await expect(selected).toHaveAttribute('data-job-name', 'fx-binary-v2');
  await expect(selected).toHaveCount(1);
});

test('11: the Job profile sections line their values up', async ({ page }) => {
  const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
  await tab.getByRole('tab', { name: 'Job profile' }).click();
  const lists = tab.locator(
    '.jp-autopilot-profile > .jp-autopilot-section > .jp-autopilot-dl'
  );
  expect(await lists.count()).toBeGreaterThan(1);
  const lefts = await lists.evaluateAll(dls =>
    dls.map(dl =>
      Math.round(
        (dl.querySelector('dd') as HTMLElement).getBoundingClientRect().left
      )
    )
  );
  expect(new Set(lefts).size).toBe(1);
});
