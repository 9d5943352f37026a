/**
 * Flow 8: reload the page; the open job and model-details tabs come back.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  candidateTabId,
  clickMenuItem,
  describeJobFromSidebar,
  jobTabId,
  readBars,
  shownRows,
  snap,
  trialRow
} from './helpers';

const JOB = 'fx-binary-v2';
const BEST = 'fx-binary-v2-xgb-002';

test.describe('Layout restore', () => {
  test('the job and model-details tabs come back after a reload', async ({
    page
  }, testInfo) => {
    const jobTab = await describeJobFromSidebar(page, JOB);
    await trialRow(jobTab, BEST).click({ button: 'right' });
    await clickMenuItem(page, 'Open in model details');
    const candTab = page.locator(`#${candidateTabId(JOB, BEST)}`);
    await expect(
      candTab.locator('.jp-autopilot-shap-chart .barlayer .point').first()
    ).toBeVisible();
    // let the layout be saved (JupyterLab debounces it)
    await page.waitForTimeout(1500);

    // (galata's default readiness check wants the Launcher active: here the restored tab is)
    await page.reload({ waitForIsReady: false });
    await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });

    const jobTitle = page.locator(`.lm-TabBar-tab[data-id="${jobTabId(JOB)}"]`);
    const candTitle = page.locator(
      `.lm-TabBar-tab[data-id="${candidateTabId(JOB, BEST)}"]`
    );
    await expect(jobTitle).toBeVisible();
    await expect(candTitle).toBeVisible();
    await expect(jobTitle).toHaveText(JOB);
    // the candidate's own part first, then its job (issue 17, item 7)
    await expect(candTitle).toHaveText(`xgb-002 · ${JOB}`);

    // the model-details tab was the current one: it is again, chart drawn
    await expect(candTitle).toHaveClass(/lm-mod-current/);
    const restoredCand = page.locator(`#${candidateTabId(JOB, BEST)}`);
    const bars = await readBars(
      restoredCand.locator('.jp-autopilot-shap-chart')
    );
    expect(bars.labelsTopDown[0]).toBe('duration');
    await snap(page, testInfo, 'restored-model-details');

    // the job tab is back with its trials, best first and marked
    await jobTitle.click();
    const restoredJob = page.locator(`#${jobTabId(JOB)}`);
    await expect(
      restoredJob.locator('.jp-autopilot-trial-row').first()
    ).toBeVisible();
    const rows = await shownRows(restoredJob);
    expect(rows).toHaveLength(4);
    expect(rows[0].candidate).toBe(BEST);
    expect(rows[0].best && rows[0].badge).toBe(true);
    await snap(page, testInfo, 'restored-job');
  });
});
