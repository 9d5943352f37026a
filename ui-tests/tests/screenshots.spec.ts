/**
 * The README's screenshots, against the runner-made demo jobs, at 1400×900.
 *
 * Every run checks the views it shoots and keeps the PNGs in test-results/; with
 * AUTOPILOT_SCREENSHOTS=1 it also writes them to docs/screenshots/ (the committed copies):
 *   AUTOPILOT_SCREENSHOTS=1 npx playwright test tests/screenshots.spec.ts
 */
import { expect, test } from '@jupyterlab/galata';
import type { Page, TestInfo } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import {
  api,
  currentSubpanel,
  describeJobFromSidebar,
  jobItem,
  openModelDetails,
  openSidebar,
  openSubtab,
  readBars,
  sidebar,
  sidebarIcon,
  shownRows,
  textOverflow
} from './helpers';

const JOB = 'demo-binary';
const DOCS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const WRITE_DOCS = !!process.env.AUTOPILOT_SCREENSHOTS;

test.use({ viewport: { width: 1400, height: 900 } });

async function shoot(
  page: Page,
  testInfo: TestInfo,
  name: string
): Promise<void> {
  // no blinking caret, no hover state in the pictures
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const out = testInfo.outputPath(name);
  await page.screenshot({ path: out, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path: out, contentType: 'image/png' });
  if (WRITE_DOCS) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(out, path.join(DOCS, name));
  }
}

/** Collapse the left sidebar so the main area gets the width. */
async function collapseSidebar(page: Page): Promise<void> {
  if (await sidebar(page).isVisible()) {
    await sidebarIcon(page).click();
    await expect(sidebar(page)).toBeHidden();
  }
}

test.describe('README screenshots', () => {
  test('sidebar, job tab, model details, notebook', async ({
    page,
    tmpPath
  }, testInfo) => {
    const leaderboard = await api(page, `local/jobs/${JOB}/candidates`);
    const best: string = leaderboard.bestCandidate;

    // sidebar, narrowed to the demo jobs
    const panel = await openSidebar(page);
    await panel.locator('.jp-autopilot-search').fill('demo');
    await expect(panel.locator('.jp-autopilot-job-item')).toHaveCount(3);

    // job tab (opened from the sidebar): Trials, Job profile
    const tab = await describeJobFromSidebar(page, JOB);
    await jobItem(page, JOB).click();
    await shoot(page, testInfo, 'sidebar.png');
    await collapseSidebar(page);
    const rows = await shownRows(tab);
    expect(rows.length).toBe(leaderboard.candidates.length);
    expect(rows[0].candidate).toBe(best);
    expect(rows[0].badge).toBe(true);
    // the best model's name reads whole beside its badge (and every name has its tooltip)
    const bestName = tab.locator(
      `.jp-autopilot-trial-row[data-candidate="${best}"] .jp-autopilot-trial-name`
    );
    expect(await textOverflow(bestName)).toBe(0);
    await expect(bestName.locator('xpath=..')).toHaveAttribute(
      'title',
      `${best} (best model)`
    );
    await shoot(page, testInfo, 'job-trials.png');
    await openSubtab(tab, 'Job profile');
    await expect(currentSubpanel(tab)).toContainText('BinaryClassification');
    await shoot(page, testInfo, 'job-profile.png');
    await openSubtab(tab, 'Trials');

    // model details of the best candidate: the four subtabs
    const cand = await openModelDetails(page, JOB, best);
    const bars = await readBars(cand.locator('.jp-autopilot-shap-chart'));
    expect(bars.drawn).toBeGreaterThan(3);
    await shoot(page, testInfo, 'model-explainability.png');

    await openSubtab(cand, 'Performance');
    const perf = currentSubpanel(cand);
    await expect(perf.locator('.jp-autopilot-statistics')).toBeVisible();
    const cm = perf.locator('.jp-autopilot-confusion-matrix');
    await expect(cm.locator('.hm, .heatmaplayer').first()).toBeAttached();
    expect(await cm.evaluate(gd => (gd as any)._fullData[0].type)).toBe(
      'heatmap'
    );
    // the charts are in view without scrolling: confusion matrix beside the tables, the ROC and
    // precision-recall curves side by side under it
    await expect(
      perf.locator('.jp-autopilot-roc-chart .scatterlayer .trace').first()
    ).toBeAttached();
    await expect(
      perf.locator('.jp-autopilot-pr-chart .scatterlayer .trace').first()
    ).toBeAttached();
    const scroller = await perf
      .locator(
        'xpath=ancestor::div[contains(@class, "jp-autopilot-scroll")][1]'
      )
      .boundingBox();
    for (const chart of [
      '.jp-autopilot-confusion-matrix',
      '.jp-autopilot-roc-chart',
      '.jp-autopilot-pr-chart'
    ]) {
      const box = (await perf.locator(chart).boundingBox())!;
      expect(box.y + box.height, `${chart} in view`).toBeLessThanOrEqual(
        scroller!.y + scroller!.height + 1
      );
    }
    await shoot(page, testInfo, 'model-performance.png');

    await openSubtab(cand, 'Artifacts');
    await expect(
      currentSubpanel(cand).locator('.jp-autopilot-uri-text').first()
    ).toBeVisible();
    await shoot(page, testInfo, 'model-artifacts.png');

    await openSubtab(cand, 'Network');
    // a job of the local runner: the tab says no SageMaker network applies
    await expect(
      currentSubpanel(cand).locator('.jp-autopilot-network')
    ).toBeVisible();
    await shoot(page, testInfo, 'model-network.png');

    // a notebook showing the best candidate through the notebook API, alone in the main area
    // (the Autopilot tabs are closed first, for the picture)
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('application:close-all');
    });
    await page.notebook.createNew('autopilot-notebook-api.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      'from jupyter_autopilot import AutoMLJob\n\n' +
        'job = AutoMLJob("demo-binary", source="local")\n' +
        'job.best_candidate'
    );
    await page.notebook.run();
    const output = page
      .locator('.jp-NotebookPanel:visible .jp-OutputArea-output')
      .first();
    await expect(
      output.locator('.jp-autopilot-shap-chart .barlayer .point').first()
    ).toBeVisible();
    await shoot(page, testInfo, 'notebook.png');
    expect(tmpPath).toBeTruthy();
  });
});
