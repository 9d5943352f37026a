/**
 * Flow 1: the resources sidebar opens from its icon and lists every job with its status.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  CREATED_PREFIX,
  DEMO_JOBS,
  FIXTURE_JOBS,
  api,
  jobItem,
  sidebar,
  sidebarIcon,
  snap,
  textOverflow
} from './helpers';

test.describe('Resources sidebar', () => {
  test('opens from its icon and lists every job with its status', async ({
    page
  }, testInfo) => {
    const panel = sidebar(page);
    await expect(panel).toBeHidden();

    const icon = sidebarIcon(page);
    await expect(icon).toBeVisible();
    await icon.click();
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('SageMaker resources', {
      ignoreCase: true
    });
    // the local source is the one selected (no AWS account here)
    await expect(panel.locator('.jp-autopilot-source-select')).toHaveValue(
      'local'
    );

    const listed: Array<{ name: string; status: string }> = (
      await api(page, 'local/jobs')
    ).jobs;
    const expected: Record<string, string> = { ...FIXTURE_JOBS };
    for (const job of DEMO_JOBS) {
      expected[job] = 'Completed';
    }
    // the server lists exactly the jobs of the folder (and the jobs other tests created)...
    expect(
      listed
        .map(j => j.name)
        .filter(name => !name.startsWith(CREATED_PREFIX))
        .sort()
    ).toEqual(Object.keys(expected).sort());

    // ... and the sidebar shows each one, with its status badge
    const items = panel.locator('.jp-autopilot-job-item');
    await expect(items).toHaveCount(listed.length);
    for (const [name, status] of Object.entries(expected)) {
      const item = jobItem(page, name);
      await expect(item, name).toBeVisible();
      await expect(item.locator('.jp-autopilot-item-name')).toHaveText(name);
      await expect(
        item.locator('.jp-autopilot-status'),
        `status of ${name}`
      ).toHaveText(status);
      await expect(item).toContainText('Created');
    }
    await snap(page, testInfo, 'sidebar-jobs', panel);

    // at the default sidebar width, no control's text is cut: the search has its own row, the
    // status filter sits by the resource-type select (or under it)
    for (const control of [
      '.jp-autopilot-source-select',
      '.jp-autopilot-view-select',
      '.jp-autopilot-status-select',
      '.jp-autopilot-search'
    ]) {
      expect(
        await textOverflow(panel.locator(control)),
        `${control} shows its whole text`
      ).toBe(0);
    }
    const search = (await panel.locator('.jp-autopilot-search').boundingBox())!;
    const view = (await panel
      .locator('.jp-autopilot-view-select')
      .boundingBox())!;
    expect(search.width).toBeGreaterThanOrEqual(view.width);
    expect(search.y).toBeGreaterThan(view.y);
    await panel
      .locator('.jp-autopilot-status-select')
      .selectOption('InProgress');
    expect(
      await textOverflow(panel.locator('.jp-autopilot-status-select'))
    ).toBe(0);
    await panel.locator('.jp-autopilot-status-select').selectOption('');

    // the search box narrows the list (server-side nameContains)
    await panel.locator('.jp-autopilot-search').fill('fx-bin');
    await expect(items).toHaveCount(1);
    await expect(jobItem(page, 'fx-binary-v2')).toBeVisible();
    await panel.locator('.jp-autopilot-search').fill('');
    await expect(items).toHaveCount(listed.length);

    // the status filter shows only the failed job
    await panel.locator('.jp-autopilot-status-select').selectOption('Failed');
    await expect(items).toHaveCount(1);
    await expect(
      jobItem(page, 'fx-no-best').locator('.jp-autopilot-status')
    ).toHaveText('Failed');
    await snap(page, testInfo, 'sidebar-failed-filter', panel);
  });
});
