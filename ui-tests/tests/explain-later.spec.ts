/**
 * "Compute explanation": a finished local job's candidate without an explanation (its file is
 * removed here, as a runner stopped before it explained every candidate leaves it) gets one from
 * its Explainability tab; the tab says it is being computed, then shows the chart.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expect, test } from '@jupyterlab/galata';
import { api, openModelDetails, snap } from './helpers';

const JOB = 'demo-binary';

function jobsDir(): string {
  return path.resolve(
    process.env.AUTOPILOT_UI_TESTS_JOBS_DIR ||
      path.join(__dirname, '..', '.jobs')
  );
}

/** The analysis.json files of one candidate (its explanation). */
function analyses(candidate: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (
        entry.name === 'analysis.json' &&
        full.includes(`/explainability/output/${candidate}/`)
      ) {
        found.push(full);
      }
    }
  };
  walk(path.join(jobsDir(), JOB));
  return found;
}

test('a missing explanation is computed on request, then shown', async ({
  page
}, testInfo) => {
  test.setTimeout(180_000);
  const board = await api(page, `local/jobs/${JOB}/candidates`);
  const candidate: string = board.candidates.find(
    (c: any) => c.name !== board.bestCandidate && c.status === 'Completed'
  ).name;
  const files = analyses(candidate);
  expect(files.length).toBeLessThanOrEqual(1); // (none: a run stopped before it recomputed it)
  for (const file of files) {
    fs.rmSync(path.dirname(file), { recursive: true });
  }
  // (the records change too, as a runner's would: the server's cache of the job is renewed)
  const listing = path.join(jobsDir(), JOB, 'candidates.json');
  const now = new Date();
  fs.utimesSync(listing, now, now);

  const details = await openModelDetails(page, JOB, candidate);
  const button = details.getByRole('button', { name: 'Compute explanation' });
  await expect(button).toBeVisible();
  await expect(details.locator('.jp-autopilot-shap-chart')).toHaveCount(0);
  await snap(page, testInfo, 'explanation-missing', details);
  await button.click();
  await expect(details.getByText('Computing the explanation…')).toBeVisible();
  await expect(details.locator('.jp-autopilot-shap-chart')).toBeVisible({
    timeout: 90_000
  });
  await expect(button).toHaveCount(0);
  await snap(page, testInfo, 'explanation-computed', details);
  expect(analyses(candidate).length).toBe(1);
});
