/**
 * Shared steps of the jupyter-autopilot browser tests: they act as a person does (icon clicks,
 * right-click menus, tab clicks) and read what is on screen.
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator, Page, TestInfo } from '@playwright/test';

export const SIDEBAR_ID = 'jupyter-autopilot-sidebar';
export const SOURCE = 'local';

/** Every job of the jobs folder (prepare_jobs.py): fixtures and runner-made demo jobs. */
export const FIXTURE_JOBS: Record<string, string> = {
  'fx-binary-v2': 'Completed',
  'fx-regression-v1': 'Completed',
  'fx-multiclass-v2': 'Completed',
  'fx-no-best': 'Failed',
  'fx-hostile': 'Completed',
  'fx-in-progress': 'InProgress',
  'fx-malformed': 'Completed'
};
export const DEMO_JOBS = ['demo-binary', 'demo-multiclass', 'demo-regression'];
/** Jobs the browser tests create start with this (create.spec.ts). */
export const CREATED_PREFIX = 'ui-create-';

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

export function jobTabId(job: string, source = SOURCE): string {
  return `autopilot-job-${source}-${job}`;
}

export function candidateTabId(
  job: string,
  candidate: string,
  source = SOURCE
): string {
  return `autopilot-candidate-${source}-${job}-${candidate}`;
}

/** Save a screenshot as a test artifact (attached to the report, kept in test-results/). */
export async function snap(
  page: Page,
  testInfo: TestInfo,
  name: string,
  target?: Locator
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  if (target) {
    await target.screenshot({ path });
  } else {
    await page.screenshot({ path });
  }
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The sidebar icon in the left bar. */
export function sidebarIcon(page: Page): Locator {
  return page.locator(
    `.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="${SIDEBAR_ID}"]`
  );
}

export function sidebar(page: Page): Locator {
  return page.locator(`#${SIDEBAR_ID}`);
}

/** Open the Autopilot sidebar by clicking its icon (if it is not open already). */
export async function openSidebar(page: Page): Promise<Locator> {
  const panel = sidebar(page);
  if (!(await panel.isVisible())) {
    await sidebarIcon(page).click();
  }
  await expect(panel).toBeVisible();
  return panel;
}

export function jobItem(page: Page, job: string, source = SOURCE): Locator {
  return sidebar(page).locator(
    `.jp-autopilot-job-item[data-job-name="${job}"][data-source="${source}"]`
  );
}

/** Click an item of the open context menu by its label. */
export async function clickMenuItem(page: Page, label: string): Promise<void> {
  const menu = page.locator('.lm-Menu').last();
  await expect(menu).toBeVisible();
  await menu.locator('.lm-Menu-item', { hasText: label }).first().click();
}

/** Sidebar → right-click the job → "Describe AutoML Job"; returns the job tab. */
export async function describeJobFromSidebar(
  page: Page,
  job: string
): Promise<Locator> {
  await openSidebar(page);
  const item = jobItem(page, job);
  await expect(item).toBeVisible();
  await item.click({ button: 'right' });
  await clickMenuItem(page, 'Describe AutoML Job');
  const tab = page.locator(`#${jobTabId(job)}`);
  await expect(tab).toBeVisible();
  await expect(tab.locator('.jp-autopilot-trial-row').first()).toBeVisible();
  return tab;
}

/** Open a job tab through the command (when the sidebar path is not what is tested). */
export async function describeJob(
  page: IJupyterLabPageFixture,
  job: string
): Promise<Locator> {
  await page.evaluate(
    async ({ job, source }) => {
      await window.jupyterapp.commands.execute('autopilot:describe-job', {
        source,
        job
      });
    },
    { job, source: SOURCE }
  );
  const tab = page.locator(`#${jobTabId(job)}`);
  await expect(tab).toBeVisible();
  await expect(tab.locator('.jp-autopilot-trial-row').first()).toBeVisible();
  return tab;
}

/** Open a candidate's model details through the command. */
export async function openModelDetails(
  page: IJupyterLabPageFixture,
  job: string,
  candidate: string
): Promise<Locator> {
  await page.evaluate(
    async ({ job, candidate, source }) => {
      // the command returns the widget: not serialisable, so return nothing
      await window.jupyterapp.commands.execute('autopilot:open-model-details', {
        source,
        job,
        candidate
      });
    },
    { job, candidate, source: SOURCE }
  );
  const tab = page.locator(`#${candidateTabId(job, candidate)}`);
  await expect(tab).toBeVisible();
  return tab;
}

export function trialRow(panel: Locator, candidate: string): Locator {
  return panel.locator(
    `.jp-autopilot-trial-row[data-candidate="${candidate}"]`
  );
}

export interface IShownRow {
  candidate: string;
  best: boolean;
  badge: boolean;
  objective: string;
  cells: string[];
}

/** The trial rows as shown, top to bottom (rows are positioned by their aria-rowindex). */
export async function shownRows(panel: Locator): Promise<IShownRow[]> {
  const rows = await panel
    .locator('.jp-autopilot-trial-row')
    .evaluateAll(nodes =>
      nodes.map(n => {
        const el = n as HTMLElement;
        const cells = Array.from(el.querySelectorAll('[role="gridcell"]')).map(
          c => (c.textContent || '').trim()
        );
        return {
          index: Number(el.getAttribute('aria-rowindex')),
          top: el.getBoundingClientRect().top,
          candidate: el.dataset.candidate || '',
          best: el.classList.contains('jp-autopilot-best'),
          badge: !!el.querySelector('.jp-autopilot-best-badge'),
          cells
        };
      })
    );
  rows.sort((a, b) => a.top - b.top);
  // visual order and the accessibility order agree
  expect(rows.map(r => r.index)).toEqual(
    [...rows.map(r => r.index)].sort((a, b) => a - b)
  );
  return rows.map(r => ({
    candidate: r.candidate,
    best: r.best,
    badge: r.badge,
    objective: r.cells[1],
    cells: r.cells
  }));
}

/** The header labels of the trials grid, left to right. */
export async function headerLabels(panel: Locator): Promise<string[]> {
  return (
    await panel
      .locator('.jp-autopilot-grid-th .jp-autopilot-th-label')
      .allTextContents()
  ).map(s => s.trim());
}

/** A number as printed in a cell ("—" → null). */
export function cellNumber(text: string): number | null {
  const t = text.replace(/[,\s]/g, '');
  if (!t || t === '—') {
    return null;
  }
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Click a subtab (Trials, Job profile, Explainability, Performance, ...) of a panel. */
export async function openSubtab(panel: Locator, label: string): Promise<void> {
  const tab = panel
    .locator('.jp-autopilot-tabbar [role="tab"]', { hasText: label })
    .first();
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(tab).toHaveClass(/jp-autopilot-mod-selected/);
  // our subtabs never look like JupyterLab's current main-area tab to galata
  await expect(
    panel.page().getByRole('main').locator('.jp-mod-current[role="tab"]')
  ).toHaveCount(1);
}

/** The visible tab panel of a panel's subtabs. */
export function currentSubpanel(panel: Locator): Locator {
  return panel
    .locator('.jp-autopilot-tabpanel-wrap:not([hidden]) [role="tabpanel"]')
    .first();
}

export interface IBarsInfo {
  /** trace type as plotly drew it */
  type: string;
  orientation: string;
  /** category labels of the bars, top to bottom as drawn */
  labelsTopDown: string[];
  /** bar values, top to bottom as drawn */
  valuesTopDown: number[];
  /** drawn bar widths in px, top to bottom */
  widthsTopDown: number[];
  /** number of drawn bars */
  drawn: number;
}

/**
 * Read a horizontal bar chart as plotly drew it: the bars' screen positions and sizes
 * (`.barlayer .point path`), and the trace plotly computed (`gd._fullData`, `gd.calcdata`).
 */
export async function readBars(chart: Locator): Promise<IBarsInfo> {
  await expect(chart.locator('.barlayer .point').first()).toBeVisible();
  return chart.evaluate(gd => {
    const g = gd as any;
    const full = g._fullData[0];
    const points = Array.from(gd.querySelectorAll('.barlayer .point path')).map(
      p => {
        const r = (p as Element).getBoundingClientRect();
        return { top: r.top, width: r.width, height: r.height };
      }
    );
    // calcdata keeps the drawn order of the bars: [i].p = category index, [i].s = value
    const cd = (g.calcdata && g.calcdata[0]) || [];
    const cats: string[] = g._fullLayout.yaxis._categories || [];
    const bars = cd.map((d: any, i: number) => ({
      label: String(cats[d.p] ?? full.y[i]),
      value: Number(d.s ?? full.x[i]),
      top: points[i] ? points[i].top : 0,
      width: points[i] ? points[i].width : 0
    }));
    bars.sort((a: any, b: any) => a.top - b.top);
    return {
      type: full.type,
      orientation: full.orientation,
      labelsTopDown: bars.map((b: any) => b.label),
      valuesTopDown: bars.map((b: any) => b.value),
      widthsTopDown: bars.map((b: any) => b.width),
      drawn: points.length
    };
  });
}

/** Asserts values are in non-increasing order. */
export function expectDescending(values: number[], what: string): void {
  for (let i = 1; i < values.length; i++) {
    expect(
      values[i],
      `${what}: #${i} (${values[i]}) <= #${i - 1} (${values[i - 1]})`
    ).toBeLessThanOrEqual(values[i - 1] + 1e-9);
  }
}

/** GET a REST route of the extension (the page's own server, no token with galata's config). */
export async function api(page: Page, route: string): Promise<any> {
  const response = await page.request.get(`/autopilot/api/${route}`);
  expect(response.ok(), `GET ${route} → ${response.status()}`).toBeTruthy();
  return response.json();
}

/**
 * How many px the text of a control (a select's chosen option, an input's value or placeholder,
 * or an ellipsising element's text) lacks to show whole: 0 when nothing is cut. Selects and
 * inputs: measured with the control's own font on a canvas, against its content box.
 */
export async function textOverflow(control: Locator): Promise<number> {
  return control.evaluate(el => {
    if (
      !(el instanceof HTMLSelectElement) &&
      !(el instanceof HTMLInputElement)
    ) {
      // an element that ellipsises: what scrolls beyond its box is cut
      return Math.max(
        0,
        (el as HTMLElement).scrollWidth - (el as HTMLElement).clientWidth
      );
    }
    const cs = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    let room =
      el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    let text: string;
    if (el instanceof HTMLSelectElement) {
      text = el.selectedOptions[0] ? el.selectedOptions[0].text : '';
      room -= 16; // the drop-down arrow
    } else {
      text = el.value || el.placeholder;
      if (el.type === 'search') {
        room -= 16; // the clear button
      }
    }
    return Math.max(0, Math.ceil(ctx.measureText(text).width - room));
  });
}
