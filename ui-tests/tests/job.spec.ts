/**
 * Flows 2, 3 and 6: the Autopilot job tab.
 *  2. right-click a job → Describe AutoML Job → the tab opens; Trials lists every candidate, the
 *     best model first and marked, objective values ordered by the objective's direction;
 *  3. sort by another metric, filter, come back: the best model stays marked;
 *  6. open the data exploration notebook from the job tab.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  api,
  cellNumber,
  currentSubpanel,
  describeJobFromSidebar,
  headerLabels,
  jobTabId,
  openSubtab,
  shownRows,
  snap,
  trialRow
} from './helpers';

test.describe('Job tab: Trials', () => {
  test('Maximize objective (fx-binary-v2): every candidate, best first and marked, values descending', async ({
    page
  }, testInfo) => {
    const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
    // the main-area tab is labelled with the job name and is the current one
    const title = page.locator(
      `.lm-TabBar-tab[data-id="${jobTabId('fx-binary-v2')}"]`
    );
    await expect(title).toHaveText(/fx-binary-v2/);
    await expect(title).toHaveClass(/lm-mod-current/);

    // header: status, problem type, objective with its direction
    await expect(
      tab.locator('.jp-autopilot-job-header .jp-autopilot-status').first()
    ).toHaveText('Completed');
    await expect(tab.locator('.jp-autopilot-job-header')).toContainText(
      'BinaryClassification'
    );
    await expect(tab.locator('.jp-autopilot-job-header')).toContainText(
      'F1 (Maximize'
    );

    const fromApi = await api(page, 'local/jobs/fx-binary-v2/candidates');
    const rows = await shownRows(tab);
    // every candidate, in the server's leaderboard order
    expect(rows.map(r => r.candidate)).toEqual(
      fromApi.candidates.map((c: any) => c.name)
    );
    expect(rows.map(r => r.candidate)).toEqual([
      'fx-binary-v2-xgb-002',
      'fx-binary-v2-xgb-001',
      'fx-binary-v2-lin-003',
      'fx-binary-v2-mlp-004'
    ]);
    // the best model is first, and it is the only one marked
    expect(rows[0].best).toBe(true);
    expect(rows[0].badge).toBe(true);
    expect(rows.slice(1).some(r => r.best || r.badge)).toBe(false);
    await expect(
      trialRow(tab, 'fx-binary-v2-xgb-002').locator('.jp-autopilot-best-badge')
    ).toHaveText('Best');

    // objective column: F1, Maximize → descending; the failed trial has no value and comes last
    const headers = await headerLabels(tab);
    expect(headers[1]).toBe('Objective: F1 (maximize)');
    const values = rows.map(r => cellNumber(r.objective));
    expect(values).toEqual([0.857, 0.8, 0.72, null]);
    // every metric is a column; the failed trial shows its status
    expect(headers).toEqual(
      expect.arrayContaining([
        'Trial name',
        'Status',
        'F1',
        'Accuracy',
        'AUC',
        'LogLoss'
      ])
    );
    expect(rows[3].cells[2]).toBe('Failed');
    await expect(tab.locator('.jp-autopilot-count')).toHaveText('4 trials');
    await snap(page, testInfo, 'trials-maximize');
  });

  test('Minimize objective (fx-regression-v1): best first, objective values ascending', async ({
    page
  }, testInfo) => {
    const tab = await describeJobFromSidebar(page, 'fx-regression-v1');
    await expect(tab.locator('.jp-autopilot-job-header')).toContainText(
      'Regression'
    );
    await expect(tab.locator('.jp-autopilot-job-header')).toContainText(
      'MSE (Minimize'
    );

    const rows = await shownRows(tab);
    expect(rows.map(r => r.candidate)).toEqual([
      'fx-regression-v1-c2',
      'fx-regression-v1-c4',
      'fx-regression-v1-c1',
      'fx-regression-v1-c3'
    ]);
    expect(rows[0].best && rows[0].badge).toBe(true);
    expect(rows.slice(1).some(r => r.best || r.badge)).toBe(false);
    expect((await headerLabels(tab))[1]).toBe('Objective: MSE (minimize)');
    expect(rows.map(r => cellNumber(r.objective))).toEqual([
      2890.25, 2999, 3100.5, 3500
    ]);
    await snap(page, testInfo, 'trials-minimize');
  });

  test('sort by another metric, filter, come back: the best model stays marked', async ({
    page
  }, testInfo) => {
    const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
    const accuracy = tab.locator('[role="columnheader"]', {
      hasText: 'Accuracy'
    });
    const colIndex = (await headerLabels(tab)).indexOf('Accuracy');
    expect(colIndex).toBeGreaterThan(2);

    // numbers sort descending on the first click, ascending on the second
    await accuracy.locator('button').click();
    await expect(accuracy).toHaveAttribute('aria-sort', 'descending');
    await accuracy.locator('button').click();
    await expect(accuracy).toHaveAttribute('aria-sort', 'ascending');
    let rows = await shownRows(tab);
    // the best stays pinned on top, the others follow Accuracy ascending, no value last
    expect(rows.map(r => r.candidate)).toEqual([
      'fx-binary-v2-xgb-002',
      'fx-binary-v2-lin-003',
      'fx-binary-v2-xgb-001',
      'fx-binary-v2-mlp-004'
    ]);
    expect(rows.map(r => cellNumber(r.cells[colIndex]))).toEqual([
      0.965,
      0.9,
      0.93,
      null
    ]);
    expect(rows[0].best && rows[0].badge).toBe(true);
    await snap(page, testInfo, 'sorted-by-accuracy');

    // the Train metric set shows the Train values (F1 of the train set)
    await tab.locator('.jp-autopilot-segment', { hasText: 'Train' }).click();
    await expect(
      tab.locator('.jp-autopilot-segment', { hasText: 'Train' })
    ).toHaveAttribute('aria-pressed', 'true');
    rows = await shownRows(tab);
    expect(rows[0].candidate).toBe('fx-binary-v2-xgb-002');
    expect(rows[0].badge).toBe(true);
    await tab
      .locator('.jp-autopilot-segment', { hasText: 'Validation' })
      .click();

    // text filter: only the xgb trials; the best is still marked
    const filter = tab.locator('.jp-autopilot-trials-filter');
    await filter.fill('xgb');
    await expect(tab.locator('.jp-autopilot-count')).toHaveText(
      '2 of 4 trials'
    );
    rows = await shownRows(tab);
    expect(rows.map(r => r.candidate)).toEqual([
      'fx-binary-v2-xgb-002',
      'fx-binary-v2-xgb-001'
    ]);
    expect(rows[0].best && rows[0].badge).toBe(true);
    await snap(page, testInfo, 'filtered-xgb');

    // status filter: the failed trial only
    await filter.fill('');
    await tab.locator('.jp-autopilot-trials-status').selectOption('Failed');
    await expect(tab.locator('.jp-autopilot-count')).toHaveText(
      '1 of 4 trials'
    );
    rows = await shownRows(tab);
    expect(rows.map(r => r.candidate)).toEqual(['fx-binary-v2-mlp-004']);
    expect(rows[0].best || rows[0].badge).toBe(false);
    await tab.locator('.jp-autopilot-trials-status').selectOption('');
    await expect(tab.locator('.jp-autopilot-count')).toHaveText('4 trials');

    // come back: to the Job profile and back, then to another main-area tab and back
    await openSubtab(tab, 'Job profile');
    await expect(currentSubpanel(tab)).toContainText('fx-binary-v2');
    await openSubtab(tab, 'Trials');
    await page.locator('.lm-TabBar-tab', { hasText: 'Launcher' }).click();
    await expect(tab).toBeHidden();
    await page
      .locator(`.lm-TabBar-tab[data-id="${jobTabId('fx-binary-v2')}"]`)
      .click();
    await expect(tab).toBeVisible();

    // the sort is kept, the best model is still first and marked
    await expect(accuracy).toHaveAttribute('aria-sort', 'ascending');
    rows = await shownRows(tab);
    expect(rows.map(r => r.candidate)).toEqual([
      'fx-binary-v2-xgb-002',
      'fx-binary-v2-lin-003',
      'fx-binary-v2-xgb-001',
      'fx-binary-v2-mlp-004'
    ]);
    expect(rows[0].best && rows[0].badge).toBe(true);
    expect(rows.slice(1).some(r => r.best || r.badge)).toBe(false);
    await snap(page, testInfo, 'come-back');
  });

  test('the Job profile shows the job settings', async ({ page }, testInfo) => {
    const tab = await describeJobFromSidebar(page, 'fx-binary-v2');
    await openSubtab(tab, 'Job profile');
    const profile = currentSubpanel(tab);
    await expect(profile).toContainText('BinaryClassification');
    await expect(profile).toContainText(
      's3://fixture-bucket/fx-binary-v2/input/train.csv'
    );
    await expect(profile).toContainText('fx-binary-v2-xgb-002');
    await snap(page, testInfo, 'job-profile');
  });
});

test.describe('Job tab: notebooks', () => {
  test('opens the data exploration notebook with its cells', async ({
    page
  }, testInfo) => {
    const job = 'demo-binary';
    const notebook = await api(
      page,
      `local/jobs/${job}/notebooks/dataExploration`
    );
    expect(notebook.cells.length).toBeGreaterThan(0);

    const tab = await describeJobFromSidebar(page, job);
    const button = tab.getByRole('button', {
      name: 'Open data exploration notebook'
    });
    await expect(button).toBeEnabled();
    await button.click();

    // a notebook panel opens on the copy saved in the workspace
    const nbTab = page.locator('.lm-TabBar-tab', {
      hasText: 'SageMakerAutopilotDataExplorationNotebook.ipynb'
    });
    await expect(nbTab).toBeVisible();
    const panel = page.locator('.jp-NotebookPanel:visible');
    await expect(panel).toBeVisible();
    await expect(panel.locator('.jp-Cell')).toHaveCount(notebook.cells.length);
    expect(
      await page.filebrowser.contents.fileExists(
        `autopilot/local/${job}/SageMakerAutopilotDataExplorationNotebook.ipynb`
      )
    ).toBe(true);
    // the first cell reads as in the notebook
    const first = notebook.cells[0];
    const firstLine = (
      Array.isArray(first.source) ? first.source.join('') : first.source
    )
      .split('\n')
      .find((l: string) => l.trim())
      .replace(/^#+\s*/, '')
      .trim();
    await expect(panel.locator('.jp-Cell').first()).toContainText(
      firstLine.slice(0, 40)
    );
    // it opens clean: not dirty, no unsaved-changes mark on its tab
    const dirtyState = () =>
      page.evaluate(() => {
        const w = window.jupyterapp.shell.currentWidget as any;
        return { path: w?.context?.path, dirty: w?.context?.model?.dirty };
      });
    // once its kernel is up (JupyterLab then writes the kernel's language_info into the metadata)
    await page.waitForFunction(async () => {
      const kernel = (window.jupyterapp.shell.currentWidget as any)
        ?.sessionContext?.session?.kernel;
      if (!kernel) {
        return false;
      }
      await kernel.info;
      return true;
    });
    const clean = {
      path: `autopilot/local/${job}/SageMakerAutopilotDataExplorationNotebook.ipynb`,
      dirty: false
    };
    await expect.poll(dirtyState).toEqual(clean);
    await page.waitForTimeout(1000);
    expect(await dirtyState()).toEqual(clean);
    await expect(nbTab).not.toHaveClass(/jp-mod-dirty/);
    await snap(page, testInfo, 'data-exploration-notebook');
  });
});
