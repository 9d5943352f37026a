/**
 * Issue 13: create a local job from a CSV in the file browser, watch it run, open its best model;
 * the form's checks beside their fields; the sidebar following the job's status.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  CREATED_PREFIX,
  clickMenuItem,
  jobItem,
  jobTabId,
  openSidebar,
  snap,
  trialRow
} from './helpers';

/** A small binary CSV: two informative columns, one categorical, a yes/no label. */
function churnCsv(rows = 240): string {
  const lines = ['tenure,charges,plan,churn'];
  for (let i = 0; i < rows; i++) {
    const tenure = (i * 37) % 72;
    const charges = 20 + ((i * 53) % 100);
    const plan = ['basic', 'plus', 'pro'][i % 3];
    const churn =
      tenure < 24 && charges > 60 ? 'yes' : i % 11 === 0 ? 'yes' : 'no';
    lines.push(`${tenure},${charges},${plan},${churn}`);
  }
  return lines.join('\n') + '\n';
}

test('create a local job from a CSV, watch it complete, open its best model', async ({
  page,
  tmpPath
}, testInfo) => {
  test.setTimeout(300_000);
  const file = `${tmpPath}/churn.csv`;
  await page.contents.uploadContent(churnCsv(), 'text', file);
  await page.filebrowser.openDirectory(tmpPath);
  const item = page.locator('.jp-DirListing-item[data-file-type="csv"]', {
    hasText: 'churn.csv'
  });
  await item.click({ button: 'right' });
  await clickMenuItem(page, 'Create AutoML Job from This File…');

  const form = page.locator('.jp-autopilot-new-job');
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Training data (CSV file)')).toHaveValue(file);
  // the target picker lists the file's columns
  const target = form.getByLabel('Target column');
  await expect(target.locator('option', { hasText: 'charges' })).toHaveCount(1);

  // a wrong name: the server's reason beside the field, nothing created
  const name = form.getByLabel('Job name');
  await name.fill('bad_name!');
  await name.blur();
  await expect(
    form.locator('[data-field="name"] .jp-autopilot-form-error')
  ).toContainText('not a valid AutoML job name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');

  const job = `${CREATED_PREFIX}${Date.now() % 1_000_000}`;
  await name.fill(job);
  await target.selectOption('churn');
  await form.getByLabel('Max candidates').fill('2');
  const preview = form.locator('.jp-autopilot-request-preview');
  await expect(preview).toContainText(
    `jupyter autopilot run --data ${file} --target churn --name ${job} --max-candidates 2`
  );
  await expect(form.locator('.jp-autopilot-form-error')).toHaveCount(0);
  await snap(page, testInfo, 'new-job-form');
  await form.getByRole('button', { name: 'Create and run' }).click();

  // the job tab opens with its progress and a Stop button; the form closes
  const tab = page.locator(`#${jobTabId(job)}`);
  await expect(tab).toBeVisible();
  await expect(form).toHaveCount(0);
  const progress = tab.locator('.jp-autopilot-progress');
  await expect(progress).toBeVisible();
  await expect(
    progress.getByRole('button', { name: 'Stop job…' })
  ).toBeVisible();
  await expect(progress).toContainText('of 2 candidates done');
  await snap(page, testInfo, 'job-progress');

  // the sidebar lists it at once, and follows it to Completed by itself
  await openSidebar(page);
  await expect(jobItem(page, job)).toBeVisible();

  // the job tab: refreshed until the job completes
  const status = tab.locator('.jp-autopilot-job-header .jp-autopilot-status');
  await expect(async () => {
    await tab.getByRole('button', { name: 'Refresh job' }).click();
    await expect(status).toHaveText('Completed', { timeout: 3000 });
  }).toPass({ timeout: 240_000, intervals: [3000] });
  await expect(progress).toHaveCount(0);
  await expect(jobItem(page, job).locator('.jp-autopilot-status')).toHaveText(
    'Completed',
    { timeout: 60_000 }
  );

  // its best model: the pinned best row → Open in model details
  const best = tab.locator('.jp-autopilot-trial-row.jp-autopilot-best').first();
  await expect(best).toBeVisible();
  const candidate = (await best.getAttribute('data-candidate')) || '';
  expect(candidate).toContain(job);
  await trialRow(tab, candidate).click({ button: 'right' });
  await clickMenuItem(page, 'Open in model details');
  const details = page.locator(
    `#autopilot-candidate-local-${job}-${candidate}`
  );
  await expect(details).toBeVisible();
  await expect(details.locator('.js-plotly-plot').first()).toBeVisible({
    timeout: 60_000
  });
  await snap(page, testInfo, 'created-job-best-model');
});

test('the sidebar button opens the form; AWS is offered only when it is available', async ({
  page
}) => {
  const panel = await openSidebar(page);
  await panel.getByRole('button', { name: 'New job' }).click();
  const form = page.locator('.jp-autopilot-new-job');
  await expect(form).toBeVisible();
  // no AWS account here: the AWS choice is disabled with the reason
  const aws = form.getByRole('radio', { name: /SageMaker Autopilot/ });
  await expect(aws).toBeDisabled();
  await expect(form).toContainText('AWS is not available');
  // the objective offers only those of the chosen problem type
  await form.getByLabel('Problem type').selectOption('Regression');
  const objective = form.getByLabel('Objective metric');
  await expect(objective.locator('option', { hasText: 'RMSE' })).toHaveCount(1);
  await expect(objective.locator('option', { hasText: 'AUC' })).toHaveCount(0);
  // submitting an empty form marks every field to fix, and creates nothing
  await form.getByRole('button', { name: 'Create and run' }).click();
  await expect(
    form.locator('[data-field="name"] .jp-autopilot-form-error')
  ).toBeVisible();
  await expect(
    form.locator('[data-field="input"] .jp-autopilot-form-error')
  ).toBeVisible();
  await expect(form).toContainText('Fix the fields marked above first.');
});
