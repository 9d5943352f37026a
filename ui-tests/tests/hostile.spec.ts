/**
 * Flow 9: strings from jobs and artifacts are data, never markup. The fx-hostile job carries
 * `<img src=x onerror="window.__pwned=1">` in its failure reason, a feature name, a
 * confusion-matrix label and a hyperparameter; a feature is also a plotly/LaTeX link
 * (`$\href{javascript:alert(1)}{x}$`). They must read literally and run nothing.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import {
  HOSTILE,
  api,
  clickMenuItem,
  currentSubpanel,
  describeJobFromSidebar,
  jobItem,
  openSubtab,
  snap,
  trialRow,
  candidateTabId
} from './helpers';

const JOB = 'fx-hostile';
const CAND = 'fx-hostile-c1';
const LATEX = '$\\href{javascript:alert(1)}{x}$';

/** Nothing injected: no executed handler, no element made from data, no javascript: link. */
async function expectNothingInjected(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
  expect(
    await page
      .locator('a[href^="javascript:"], [*|href^="javascript:"]')
      .count()
  ).toBe(0);
}

test.describe('Hostile strings', () => {
  test('appear as literal text and execute nothing', async ({
    page
  }, testInfo) => {
    const dialogs: string[] = [];
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    const job = await api(page, `local/jobs/${JOB}`);
    expect(job.failureReason).toBe(`Partial failure: ${HOSTILE}`);

    // sidebar: the failure reason is the item's tooltip, as text
    const tab = await describeJobFromSidebar(page, JOB);
    await expect(jobItem(page, JOB).locator('[title]').first()).toHaveAttribute(
      'title',
      `Partial failure: ${HOSTILE}`
    );

    // job tab header: the failure reason, literally
    await expect(tab.locator('.jp-autopilot-failure-text')).toHaveText(
      `Partial failure: ${HOSTILE}`
    );
    await expect(
      tab.getByText('<img src=x', { exact: false }).first()
    ).toBeVisible();
    await snap(page, testInfo, 'hostile-job');
    await expectNothingInjected(page);

    // model details: feature names in the SHAP chart, the hyperparameter
    await trialRow(tab, CAND).click({ button: 'right' });
    await clickMenuItem(page, 'Open in model details');
    const cand = page.locator(`#${candidateTabId(JOB, CAND)}`);
    const chart = cand.locator('.jp-autopilot-shap-chart');
    await expect(chart.locator('.barlayer .point').first()).toBeVisible();
    const ticks = await chart.locator('.ytick text').allTextContents();
    expect(ticks).toContain(HOSTILE);
    expect(ticks).toContain(LATEX);
    expect(ticks).toContain('plain');
    const hp = cand.locator('.jp-autopilot-hyperparameters');
    await expect(
      hp.locator('tr', { hasText: 'note' }).locator('td').nth(1)
    ).toHaveText(HOSTILE);
    await expect(
      cand.getByText('<img src=x', { exact: false }).first()
    ).toBeVisible();
    await snap(page, testInfo, 'hostile-explainability');
    await expectNothingInjected(page);

    // Performance: the confusion-matrix labels
    await openSubtab(cand, 'Performance');
    const cm = currentSubpanel(cand).locator('.jp-autopilot-confusion-matrix');
    await expect(cm.locator('.xtick text').first()).toBeAttached();
    const cmTicks = [
      ...(await cm.locator('.xtick text').allTextContents()),
      ...(await cm.locator('.ytick text').allTextContents())
    ];
    expect(cmTicks.filter(t => t === HOSTILE)).toHaveLength(2);
    expect(cmTicks).toContain('ok');
    await snap(page, testInfo, 'hostile-performance');

    // Job profile: the failure reason again
    await page
      .locator(`.lm-TabBar-tab[data-id="autopilot-job-local-${JOB}"]`)
      .click();
    await openSubtab(tab, 'Job profile');
    await expect(currentSubpanel(tab)).toContainText(
      `Partial failure: ${HOSTILE}`
    );

    await expectNothingInjected(page);
    expect(dialogs).toEqual([]);
  });
});
