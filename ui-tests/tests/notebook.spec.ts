/**
 * Flow 7: a notebook cell that displays `AutoMLJob("demo-binary", source="local").best_candidate`
 * renders the candidate inline, SHAP chart included, through this extension's MIME renderer.
 * The kernel is the venv's python3; it inherits JUPYTER_AUTOPILOT_JOBS_DIR from the server
 * (jupyter_server_test_config.py), so it reads the same jobs as the REST API.
 */
import { expect, test } from '@jupyterlab/galata';
import { api, expectDescending, readBars, snap } from './helpers';

const MIME_TYPE = 'application/vnd.jupyter-autopilot+json';

test.describe('Notebook API output', () => {
  test('best_candidate renders its SHAP chart inline', async ({ page, tmpPath }, testInfo) => {
    const job = 'demo-binary';
    const leaderboard = await api(page, `local/jobs/${job}/candidates`);
    const best: string = leaderboard.bestCandidate;
    expect(best).toBeTruthy();
    const explain = await api(page, `local/jobs/${job}/candidates/${best}/explainability`);
    const features: string[] = explain.labels[0].features.map((f: any) => f.name);
    const top = features.slice(0, 20);

    const name = 'best-candidate.ipynb';
    await page.notebook.createNew(name);
    await page.notebook.setCell(
      0,
      'code',
      'from jupyter_autopilot import AutoMLJob\n' + 'AutoMLJob("demo-binary", source="local").best_candidate'
    );
    await page.notebook.run();

    const output = page.locator('.jp-NotebookPanel:visible .jp-Cell').first().locator('.jp-OutputArea-output');
    await expect(output).toHaveCount(1);
    // the extension's renderer draws the output (not the text/html fallback, whose rank ties)
    await expect(output).toHaveClass(/jp-autopilot-mime-renderer/);
    await expect(output).not.toHaveClass(/jp-RenderedHTMLCommon/);
    const rendered = output.locator('.jp-autopilot-mime-candidate');
    await expect(rendered).toBeVisible();
    await expect(rendered.locator('h2')).toHaveText(best);
    await expect(rendered).toContainText('Best model');

    const chart = rendered.locator('.jp-autopilot-shap-chart');
    const bars = await readBars(chart);
    expect(bars.type).toBe('bar');
    expect(bars.drawn).toBe(top.length);
    expect(bars.labelsTopDown).toEqual(top);
    expectDescending(bars.valuesTopDown, 'SHAP values in the notebook');
    expectDescending(bars.widthsTopDown, 'drawn bars in the notebook');
    // the hyperparameters come with it
    await expect(rendered.locator('.jp-autopilot-hyperparameters tbody tr').first()).toBeVisible();

    // the notebook saves with the rich output in it (docmanager:save; galata's own save helper
    // looks for `.jp-mod-current[role=tab]` in the main area, which the output's subtabs also are)
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('docmanager:save');
    });
    const response = await page.request.get(`/api/contents/${tmpPath}/${name}?content=1&type=notebook`);
    expect(response.ok()).toBeTruthy();
    const saved = (await response.json()).content;
    const outputs = saved.cells[0].outputs;
    expect(outputs.length).toBe(1);
    expect(Object.keys(outputs[0].data)).toEqual(expect.arrayContaining([MIME_TYPE, 'text/html', 'text/plain']));
    await snap(page, testInfo, 'notebook-best-candidate');
  });
});
