/**
 * plotly.js helpers: lazy loading, escaping of data strings, theming, and
 * client-side builders for the charts whose data the user can toggle.
 *
 * plotly.js parses a pseudo-HTML subset (and LaTeX when MathJax is around)
 * in every text it draws, so every data string given to plotly goes through
 * `escapePlotlyText` first.
 */
import {
  IConfusionMatrix,
  IFeatureImportance,
  IPlotlyFigure,
  PlotlyObject
} from './api';

export type PlotlyModule = {
  react: (
    el: HTMLElement,
    data: PlotlyObject[],
    layout?: PlotlyObject,
    config?: PlotlyObject
  ) => Promise<unknown>;
  purge: (el: HTMLElement) => void;
  Plots?: { resize: (el: HTMLElement) => void };
};

let plotlyPromise: Promise<PlotlyModule> | null = null;

/** Load plotly.js once, on first use (its own chunk; never at start-up). */
export function loadPlotly(): Promise<PlotlyModule> {
  if (!plotlyPromise) {
    plotlyPromise = import(
      /* webpackChunkName: "plotly" */ 'plotly.js-cartesian-dist-min'
    ).then(
      (m: { default?: PlotlyModule } & Partial<PlotlyModule>) =>
        (m && m.default ? m.default : m) as PlotlyModule
    );
    plotlyPromise.catch(() => {
      plotlyPromise = null;
    });
  }
  return plotlyPromise;
}

/** True once plotly has been requested (for tests of lazy loading). */
export function plotlyRequested(): boolean {
  return plotlyPromise !== null;
}

/** Escape a raw data string for plotly: `& < >` as entities, `$` defused. */
export function escapePlotlyText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\$/g, '&#36;');
}

/**
 * Escape a string that may already be escaped (from the server's figure):
 * existing entities are kept, raw `& < > $` are escaped.
 */
export function escapePlotlyTextKeepEntities(value: string): string {
  return value
    .replace(/&(?!(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\$/g, '&#36;');
}

function escapeAny(value: unknown, esc: (s: string) => string): unknown {
  if (typeof value === 'string') {
    return esc(value);
  }
  if (Array.isArray(value)) {
    return value.map(v => escapeAny(v, esc));
  }
  return value;
}

const TRACE_TEXT_KEYS = [
  'x',
  'y',
  'z',
  'text',
  'hovertext',
  'name',
  'labels',
  'ids',
  'customdata',
  'legendgroup'
];

function escapeTitle(title: unknown, esc: (s: string) => string): unknown {
  if (typeof title === 'string') {
    return esc(title);
  }
  if (
    title &&
    typeof title === 'object' &&
    typeof (title as PlotlyObject).text === 'string'
  ) {
    return { ...title, text: esc((title as PlotlyObject).text) };
  }
  return title;
}

/** A layout without its own title (the view's heading titles the chart). */
export function untitled(layout: PlotlyObject | undefined): PlotlyObject {
  const out = { ...(layout || {}) };
  delete out.title;
  out.margin = { l: 10, r: 20, b: 50, ...(out.margin || {}), t: 10 };
  return out;
}

/**
 * A copy of a figure whose data-bearing strings are escaped: trace
 * x/y/z/text/hovertext/name/labels/customdata, titles, tick texts and
 * annotations. Format templates built by the server are kept.
 */
export function sanitizeFigure(
  figure: IPlotlyFigure,
  esc: (s: string) => string = escapePlotlyTextKeepEntities
): { data: PlotlyObject[]; layout: PlotlyObject } {
  const data = (figure.data || []).map(trace => {
    const out: PlotlyObject = { ...trace };
    for (const key of TRACE_TEXT_KEYS) {
      if (key in out) {
        out[key] = escapeAny(out[key], esc);
      }
    }
    return out;
  });
  const layout: PlotlyObject = { ...(figure.layout || {}) };
  if ('title' in layout) {
    layout.title = escapeTitle(layout.title, esc);
  }
  for (const key of Object.keys(layout)) {
    if (
      /^[xy]axis\d*$/.test(key) &&
      layout[key] &&
      typeof layout[key] === 'object'
    ) {
      const axis = { ...layout[key] };
      if ('title' in axis) {
        axis.title = escapeTitle(axis.title, esc);
      }
      if ('ticktext' in axis) {
        axis.ticktext = escapeAny(axis.ticktext, esc);
      }
      layout[key] = axis;
    }
  }
  if (Array.isArray(layout.annotations)) {
    layout.annotations = layout.annotations.map((a: PlotlyObject) =>
      a && typeof a.text === 'string' ? { ...a, text: esc(a.text) } : a
    );
  }
  if (layout.legend && layout.legend.title) {
    layout.legend = {
      ...layout.legend,
      title: escapeTitle(layout.legend.title, esc)
    };
  }
  return { data, layout };
}

export interface IThemeColors {
  font: string;
  /** the theme's brand colour: the colour of single-series charts (SHAP bars) */
  accent: string;
  grid: string;
  line: string;
  isLight: boolean;
}

/** Colours of the current JupyterLab theme, from its CSS variables. */
export function themeColors(): IThemeColors {
  const body = typeof document !== 'undefined' ? document.body : null;
  const style = body ? getComputedStyle(body) : null;
  const get = (name: string, fallback: string) => {
    const v = style ? style.getPropertyValue(name).trim() : '';
    return v || fallback;
  };
  const isLight = !body || body.dataset.jpThemeLight !== 'false';
  return {
    font: get('--jp-ui-font-color1', isLight ? '#222' : '#ddd'),
    accent: get('--jp-brand-color1', isLight ? '#1976d2' : '#42a5f5'),
    grid: get('--jp-border-color2', isLight ? '#e0e0e0' : '#444'),
    line: get('--jp-border-color1', isLight ? '#bdbdbd' : '#666'),
    isLight
  };
}

/** Adapt a figure layout to the theme (transparent background, theme fonts). */
export function themedLayout(
  layout: PlotlyObject | undefined,
  colors: IThemeColors = themeColors()
): PlotlyObject {
  const out: PlotlyObject = {
    ...layout,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { ...(layout && layout.font), color: colors.font },
    autosize: true
  };
  delete out.width;
  const axisKeys = Object.keys(out).filter(k => /^[xy]axis\d*$/.test(k));
  for (const k of ['xaxis', 'yaxis']) {
    if (axisKeys.indexOf(k) < 0) {
      axisKeys.push(k);
    }
  }
  for (const k of axisKeys) {
    out[k] = {
      ...(out[k] || {}),
      automargin: true,
      gridcolor: colors.grid,
      linecolor: colors.line,
      zerolinecolor: colors.line
    };
  }
  if (out.legend) {
    out.legend = { ...out.legend, bgcolor: 'rgba(0,0,0,0)' };
  }
  if (out.coloraxis && out.coloraxis.colorbar) {
    out.coloraxis = {
      ...out.coloraxis,
      colorbar: { ...out.coloraxis.colorbar, tickfont: { color: colors.font } }
    };
  }
  return out;
}

/**
 * The aggregated SHAP bar chart for a set of features (sorted by importance,
 * descending): a horizontal bar chart with the most important feature on top,
 * styled after the server's figure when there is one.
 */
export function shapBarFigure(
  features: IFeatureImportance[],
  top: number | null,
  serverFigure?: IPlotlyFigure | null,
  title?: string
): { data: PlotlyObject[]; layout: PlotlyObject } {
  const shown = top && top > 0 ? features.slice(0, top) : features.slice();
  const base = serverFigure && serverFigure.data && serverFigure.data[0];
  const baseTrace = base && base.type === 'bar' ? base : {};
  const trace: PlotlyObject = {
    marker:
      baseTrace.marker && !Array.isArray(baseTrace.marker.color)
        ? baseTrace.marker
        : { color: themeColors().accent },
    type: 'bar',
    orientation: 'h',
    name: 'mean |SHAP|',
    x: shown.map(f => f.importance),
    y: shown.map(f => escapePlotlyText(String(f.name))),
    hovertemplate: '%{y}: %{x:.4g}<extra></extra>',
    showlegend: false
  };
  const serverLayout = sanitizeFigure({
    data: [],
    layout: (serverFigure && serverFigure.layout) || {}
  }).layout;
  const height = Math.max(220, 90 + 22 * shown.length);
  const layout: PlotlyObject = {
    ...serverLayout,
    height,
    margin: { l: 10, r: 20, t: 40, b: 50, ...(serverLayout.margin || {}) },
    xaxis: {
      title: { text: 'mean |SHAP value|' },
      ...(serverLayout.xaxis || {})
    },
    // the most important feature (first) on top
    yaxis: {
      ...(serverLayout.yaxis || {}),
      automargin: true,
      type: 'category',
      autorange: 'reversed'
    }
  };
  delete layout.template;
  delete layout.title;
  layout.margin = { ...layout.margin, t: 10 };
  delete layout.updatemenus;
  delete layout.sliders;
  if (title !== undefined) {
    layout.title = { text: escapePlotlyText(title) };
  }
  return { data: [trace], layout };
}

/** Row-normalise a matrix (each row sums to 1; empty rows stay 0). */
export function normalizeRows(matrix: number[][]): number[][] {
  return matrix.map(row => {
    const sum = row.reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);
    return row.map(v => (sum > 0 && typeof v === 'number' ? v / sum : 0));
  });
}

/** The confusion-matrix heatmap (rows = actual, columns = predicted). */
export function confusionMatrixFigure(
  cm: IConfusionMatrix,
  normalized: boolean,
  titles: { actual: string; predicted: string } = {
    actual: 'Actual',
    predicted: 'Predicted'
  }
): { data: PlotlyObject[]; layout: PlotlyObject } {
  const labels = cm.labels.map(l => escapePlotlyText(String(l)));
  const z = normalized ? normalizeRows(cm.matrix) : cm.matrix;
  const text = z.map(row =>
    row.map(v => (normalized ? `${(v * 100).toFixed(1)}%` : String(v)))
  );
  return {
    data: [
      {
        type: 'heatmap',
        x: labels,
        y: labels,
        z,
        text,
        texttemplate: '%{text}',
        hovertemplate:
          'actual %{y}<br>predicted %{x}<br>%{text}<extra></extra>',
        colorscale: 'Blues',
        showscale: true,
        zmin: 0
      }
    ],
    layout: {
      height: Math.max(320, 120 + 40 * labels.length),
      margin: { l: 10, r: 10, t: 20, b: 10 },
      xaxis: {
        title: { text: titles.predicted },
        type: 'category',
        side: 'bottom',
        automargin: true
      },
      yaxis: {
        title: { text: titles.actual },
        type: 'category',
        autorange: 'reversed',
        automargin: true
      }
    }
  };
}
