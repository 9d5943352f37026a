/**
 * plotly.js helpers: lazy loading, escaping of data strings, theming and
 * translation of the server's figures. Every chart is built by the server
 * (jupyter_autopilot/service/figures.py); the UI draws it as it is.
 *
 * plotly.js parses a pseudo-HTML subset (and LaTeX when MathJax is around)
 * in every text it draws, so every data string given to plotly goes through
 * `escapePlotlyText` first.
 */
import { IPlotlyFigure, PlotlyObject } from '../api';

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
    // templates keep their markup (<br>, <extra>) but never a link
    for (const key of ['hovertemplate', 'texttemplate']) {
      if (typeof out[key] === 'string') {
        out[key] = out[key].replace(/<\/?a\b[^>]*>/gi, '');
      }
    }
    if (out.colorbar && typeof out.colorbar === 'object') {
      out.colorbar = {
        ...out.colorbar,
        title: escapeTitle(out.colorbar.title, esc)
      };
    }
    return out;
  });
  const layout: PlotlyObject = { ...(figure.layout || {}) };
  // a figure from a notebook output is untrusted: no remote images, no menus or sliders
  delete layout.images;
  delete layout.updatemenus;
  delete layout.sliders;
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
    // single-series charts (SHAP bars, curves) take the theme's brand colour
    colorway: [colors.accent, colors.line],
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
 * A server figure's texts (chart and axis titles, colour-bar titles, trace
 * names) through the translation bundle: the server writes them in English,
 * the English text is the message id (see lib/chartTexts.ts).
 */
export function translateFigure(
  figure: { data: PlotlyObject[]; layout: PlotlyObject },
  translate: (text: string) => string
): { data: PlotlyObject[]; layout: PlotlyObject } {
  const title = (t: unknown): unknown => {
    if (typeof t === 'string') {
      return translate(t);
    }
    if (t && typeof t === 'object' && typeof (t as PlotlyObject).text === 'string') {
      return { ...(t as PlotlyObject), text: translate((t as PlotlyObject).text) };
    }
    return t;
  };
  const data = figure.data.map(trace => {
    const out: PlotlyObject = { ...trace };
    if (typeof out.name === 'string') {
      out.name = translate(out.name);
    }
    if (out.colorbar && out.colorbar.title) {
      out.colorbar = { ...out.colorbar, title: title(out.colorbar.title) };
    }
    return out;
  });
  const layout: PlotlyObject = { ...figure.layout };
  if ('title' in layout) {
    layout.title = title(layout.title);
  }
  for (const key of Object.keys(layout)) {
    if (/^[xy]axis\d*$/.test(key) && layout[key] && typeof layout[key] === 'object') {
      layout[key] = { ...layout[key], title: title(layout[key].title) };
    }
  }
  return { data, layout };
}
