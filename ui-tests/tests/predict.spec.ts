/**
 * Issue 16: a local candidate's "Predict on a file…": choose a CSV under the root, the predictions
 * are written beside it and opened; asked again, the file is replaced only after a confirmation.
 */
import { expect, test } from '@jupyterlab/galata';
import { api, openModelDetails, snap } from './helpers';

const JOB = 'demo-regression';
const COLUMNS = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

function patientsCsv(rows = 24): string {
  const lines = [[...COLUMNS, 'disease_progression'].join(',')];
  for (let i = 0; i < rows; i++) {
    const values = COLUMNS.map((_, j) => 20 + ((i * 7 + j * 13) % 60));
    lines.push([...values, 100 + ((i * 17) % 150)].join(','));
  }
  return lines.join('\n') + '\n';
}

test('predict on a CSV: written beside it, opened, replaced only when confirmed', async ({
  page,
  tmpPath
}, testInfo) => {
  test.setTimeout(180_000);
  await page.contents.uploadContent(
    patientsCsv(),
    'text',
    `${tmpPath}/patients.csv`
  );
  const best: string = (await api(page, `local/jobs/${JOB}/candidates`))
    .bestCandidate;
  const details = await openModelDetails(page, JOB, best);

  const choose = async () => {
    await details.getByRole('button', { name: 'Predict on a file…' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toBeVisible();
    await dialog
      .locator('.jp-DirListing-item', { hasText: tmpPath })
      .dblclick();
    await dialog
      .locator('.jp-DirListing-item', { hasText: 'patients.csv' })
      .click();
    await dialog.getByRole('button', { name: 'Select' }).click();
  };

  await choose();
  const output = `patients-${best}-predictions.csv`;
  // the predictions file opens in a tab of its own
  const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
    hasText: output
  });
  await expect(tab).toBeVisible({ timeout: 60_000 });
  expect(await page.contents.fileExists(`${tmpPath}/${output}`)).toBeTruthy();
  await expect(
    page
      .locator('.jp-Notification-Toast-success, .Toastify__toast--success')
      .first()
  ).toContainText('24 rows predicted');
  await snap(page, testInfo, 'predictions-opened');

  // again: the existing file is not overwritten without asking
  // back to the model-details tab
  await page.evaluate(
    async ({ job, candidate }) => {
      await window.jupyterapp.commands.execute('autopilot:open-model-details', {
        source: 'local',
        job,
        candidate
      });
    },
    { job: JOB, candidate: best }
  );
  await choose();
  const confirm = page.locator('.jp-Dialog', {
    hasText: 'Replace the predictions file?'
  });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('exists already');
  await confirm.getByRole('button', { name: 'Replace' }).click();
  await expect(
    page
      .locator('.jp-Notification-Toast-success, .Toastify__toast--success')
      .first()
  ).toBeVisible();
});
