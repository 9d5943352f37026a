/**
 * Flow 7: a notebook cell that displays `AutoMLJob("demo-binary", source="local").best_candidate`
 * renders the candidate inline, SHAP chart included, through this extension's MIME renderer.
 * The kernel is the venv's python3; it inherits JUPYTER_AUTOPILOT_JOBS_DIR from the server
 * (jupyter_server_test_config.py), so it reads the same jobs as the REST API.
 */
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { api, expectDescending, readBars, snap } from './helpers';

const EXAMPLE = path.resolve(
  __dirname,
  '..',
  '..',
  'examples',
  'autopilot-notebook-api.ipynb'
);

const MIME_TYPE = 'application/vnd.jupyter-autopilot+json';

test.describe('Notebook API output', () => {
  test('best_candidate renders its SHAP chart inline', async ({
    page,
    tmpPath
  }, testInfo) => {
    const job = 'demo-binary';
    const leaderboard = await api(page, `local/jobs/${job}/candidates`);
    const best: string = leaderboard.bestCandidate;
    expect(best).toBeTruthy();
    const explain = await api(
      page,
      `local/jobs/${job}/candidates/${best}/explainability`
    );
    const features: string[] = explain.labels[0].features.map(
      (f: any) => f.name
    );
    const top = features.slice(0, 20);

    const name = 'best-candidate.ipynb';
    await page.notebook.createNew(name);
    await page.notebook.setCell(
      0,
      'code',
      'from jupyter_autopilot import AutoMLJob\n' +
        'AutoMLJob("demo-binary", source="local").best_candidate'
    );
    await page.notebook.run();

    const output = page
      .locator('.jp-NotebookPanel:visible .jp-Cell')
      .first()
      .locator('.jp-OutputArea-output');
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
    await expect(
      rendered.locator('.jp-autopilot-hyperparameters tbody tr').first()
    ).toBeVisible();

    // galata's "current tab" (`.jp-mod-current[role=tab]` in the main area) is the notebook's
    // tab alone: the output's subtabs use classes of their own
    await expect(
      page.getByRole('main').locator('.jp-mod-current[role="tab"]')
    ).toHaveCount(1);
    await expect(
      rendered.locator('[role="tab"][aria-selected="true"]')
    ).toHaveText('Explainability');
    await expect(
      rendered.locator('[role="tab"][aria-selected="true"]')
    ).toHaveClass(/jp-autopilot-mod-selected/);
    // so galata's own save helper finds the notebook; it saves with the rich output in it
    expect(await page.notebook.save()).toBe(true);
    const response = await page.request.get(
      `/api/contents/${tmpPath}/${name}?content=1&type=notebook`
    );
    expect(response.ok()).toBeTruthy();
    const saved = (await response.json()).content;
    const outputs = saved.cells[0].outputs;
    expect(outputs.length).toBe(1);
    expect(Object.keys(outputs[0].data)).toEqual(
      expect.arrayContaining([MIME_TYPE, 'text/html', 'text/plain'])
    );
    await snap(page, testInfo, 'notebook-best-candidate');
  });

  test("a part the notebook API could not load shows the REST API's reason", async ({
    page
  }, testInfo) => {
    const job = 'fx-malformed';
    const cand = 'fx-malformed-c1';
    const response = await page.request.get(
      `/autopilot/api/local/jobs/${job}/candidates/${cand}/explainability`
    );
    expect(response.status()).toBe(200);
    const message: string = (await response.json()).reason;
    expect(message).toContain('analysis.json');

    await page.notebook.createNew('malformed-candidate.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      'from jupyter_autopilot import AutoMLJob\n' +
        `AutoMLJob("${job}", source="local").best_candidate`
    );
    await page.notebook.run();
    const rendered = page
      .locator('.jp-NotebookPanel:visible .jp-autopilot-mime-candidate')
      .first();
    await expect(rendered.locator('h2')).toHaveText(cand);
    const error = rendered.locator('.jp-autopilot-notice');
    await expect(error).toContainText(message);
    await expect(rendered).not.toContainText('not included in this output');
    // the views that loaded still show
    await rendered.getByRole('tab', { name: 'Network' }).click();
    await expect(rendered.locator('.jp-autopilot-network-table')).toBeVisible();
    await snap(page, testInfo, 'notebook-malformed-candidate');
  });

  test('the example notebook runs top to bottom and renders its outputs', async ({
    page,
    tmpPath
  }, testInfo) => {
    const name = 'autopilot-notebook-api.ipynb';
    await page.contents.uploadFile(EXAMPLE, `${tmpPath}/${name}`);
    await page.notebook.openByPath(`${tmpPath}/${name}`);
    await page.notebook.activate(name);
    await page.notebook.run();

    const notebook = page.locator('.jp-NotebookPanel:visible');
    // every code cell ran, none failed
    const prompts = await notebook
      .locator('.jp-CodeCell .jp-InputArea-prompt')
      .allTextContents();
    expect(prompts.length).toBeGreaterThan(10);
    for (const prompt of prompts) {
      expect(prompt).toMatch(/\[\d+\]:/);
    }
    await expect(
      notebook.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
      )
    ).toHaveCount(0);
    await expect(
      notebook.locator('.jp-OutputArea-output', { hasText: 'Traceback' })
    ).toHaveCount(0);

    // `job` renders the job view (trials table, best first); `best` the model details with the chart
    const jobOutput = notebook.locator('.jp-autopilot-mime-job').first();
    await expect(jobOutput).toBeVisible();
    const leaderboard = await api(page, 'local/jobs/demo-binary/candidates');
    await expect(
      jobOutput.locator('.jp-autopilot-trial-row').first()
    ).toHaveAttribute('data-candidate', leaderboard.bestCandidate);
    await expect(
      jobOutput
        .locator('.jp-autopilot-trial-row')
        .first()
        .locator('.jp-autopilot-best-badge')
    ).toBeVisible();

    const candOutput = notebook.locator('.jp-autopilot-mime-candidate').first();
    await candOutput.scrollIntoViewIfNeeded();
    await expect(candOutput.locator('h2')).toHaveText(
      leaderboard.bestCandidate
    );
    const bars = await readBars(candOutput.locator('.jp-autopilot-shap-chart'));
    expect(bars.drawn).toBeGreaterThan(3);
    expectDescending(bars.widthsTopDown, 'SHAP bars of the example notebook');
    // shap_figure() / confusion_matrix_figure() give plotly figures (drawn by plotly's own
    // renderer; cells out of view are not in the DOM, so read the notebook model)
    const mimeTypes: string[][] = await page.evaluate(() => {
      const panel = window.jupyterapp.shell.currentWidget as any;
      const cells = panel.content.model.cells;
      const out: string[][] = [];
      for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type === 'code') {
          const outputs = cell.outputs;
          for (let j = 0; j < outputs.length; j++) {
            const o = outputs.get(j);
            out.push(o.type === 'error' ? ['error'] : Object.keys(o.data));
          }
        }
      }
      return out;
    });
    expect(mimeTypes.filter(m => m.includes('error'))).toEqual([]);
    expect(
      mimeTypes.filter(m => m.includes('application/vnd.plotly.v1+json')).length
    ).toBe(3);
    expect(
      mimeTypes.filter(m => m.includes(MIME_TYPE)).length
    ).toBeGreaterThanOrEqual(2);
    await snap(page, testInfo, 'example-notebook');
  });
});
