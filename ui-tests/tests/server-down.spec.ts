/**
 * Flow 10: the server stops answering mid-session; the views say so clearly and recover on Retry.
 *
 * The API is "stopped" by aborting every request to autopilot/api/ in the browser
 * (page.route → route.abort()), then "restarted" with page.unroute. That is the honest way to stop
 * the API without killing the JupyterLab the test itself runs in (and the kernel, contents and
 * settings services the page needs to stay alive); to the views it is exactly a server that went
 * away: requests fail at the network level.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Route } from '@playwright/test';
import {
  candidateTabId,
  describeJobFromSidebar,
  jobItem,
  jobTabId,
  openSidebar,
  readBars,
  shownRows,
  sidebar,
  snap
} from './helpers';

const API = '**/autopilot/api/**';
const abort = (route: Route) => route.abort('connectionrefused');

test.describe('Server stopped mid-session', () => {
  test('the views show a clear error and recover on Retry', async ({
    page
  }, testInfo) => {
    // a working session: sidebar and a job tab
    const panel = await openSidebar(page);
    await expect(jobItem(page, 'fx-binary-v2')).toBeVisible();
    await describeJobFromSidebar(page, 'fx-binary-v2');

    // ---- the server goes away
    await page.route(API, abort);

    // sidebar: refreshing the list fails → an error with Retry
    await panel.locator('.jp-autopilot-refresh').click();
    const sidebarError = panel.locator('.jp-autopilot-error');
    await expect(sidebarError).toBeVisible();
    await expect(sidebarError).toHaveAttribute('role', 'alert');
    await expect(
      sidebarError.locator('.jp-autopilot-error-message')
    ).not.toBeEmpty();
    await expect(
      sidebarError.getByRole('button', { name: 'Retry' })
    ).toBeVisible();

    // a job opened now: the tab shows the error, not a spinner forever nor a blank pane
    const other = page.locator(`#${jobTabId('fx-regression-v1')}`);
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('autopilot:describe-job', {
        source: 'local',
        job: 'fx-regression-v1'
      });
    });
    const jobError = other.locator('.jp-autopilot-error');
    await expect(jobError).toBeVisible();
    await expect(jobError).toContainText('Could not load this view');
    await expect(other.locator('.jp-autopilot-loading')).toHaveCount(0);

    // model details opened now: same
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('autopilot:open-model-details', {
        source: 'local',
        job: 'fx-binary-v2',
        candidate: 'fx-binary-v2-xgb-002'
      });
    });
    const cand = page.locator(
      `#${candidateTabId('fx-binary-v2', 'fx-binary-v2-xgb-002')}`
    );
    const candError = cand.locator('.jp-autopilot-error');
    await expect(candError).toBeVisible();
    await expect(
      candError.getByRole('button', { name: 'Retry' })
    ).toBeVisible();
    await snap(page, testInfo, 'server-down-model-details');

    // the job tab that was open: Refresh fails → it says so (the data stay on screen)
    await page
      .locator(`.lm-TabBar-tab[data-id="${jobTabId('fx-binary-v2')}"]`)
      .click();
    const openJob = page.locator(`#${jobTabId('fx-binary-v2')}`);
    await openJob.getByRole('button', { name: 'Refresh job' }).click();
    await expect(openJob.locator('[role="alert"]')).toBeVisible();
    await expect(
      openJob.locator('.jp-autopilot-trial-row').first()
    ).toBeVisible();
    await snap(page, testInfo, 'server-down-job');

    // ---- the server is back: Retry in each view recovers
    await page.unroute(API, abort);

    await sidebarError.getByRole('button', { name: 'Retry' }).click();
    await expect(sidebar(page).locator('.jp-autopilot-error')).toHaveCount(0);
    await expect(jobItem(page, 'fx-binary-v2')).toBeVisible();

    await page
      .locator(
        `.lm-TabBar-tab[data-id="${candidateTabId('fx-binary-v2', 'fx-binary-v2-xgb-002')}"]`
      )
      .click();
    await candError.getByRole('button', { name: 'Retry' }).click();
    await expect(cand.locator('.jp-autopilot-error')).toHaveCount(0);
    const bars = await readBars(cand.locator('.jp-autopilot-shap-chart'));
    expect(bars.labelsTopDown[0]).toBe('duration');

    await page
      .locator(`.lm-TabBar-tab[data-id="${jobTabId('fx-regression-v1')}"]`)
      .click();
    await jobError.getByRole('button', { name: 'Retry' }).click();
    await expect(other.locator('.jp-autopilot-error')).toHaveCount(0);
    const rows = await shownRows(other);
    expect(rows[0].candidate).toBe('fx-regression-v1-c2');
    expect(rows[0].best).toBe(true);

    await page
      .locator(`.lm-TabBar-tab[data-id="${jobTabId('fx-binary-v2')}"]`)
      .click();
    await openJob.getByRole('button', { name: 'Refresh job' }).click();
    await expect(openJob.locator('[role="alert"]')).toHaveCount(0);
    await snap(page, testInfo, 'server-back');
  });
});
