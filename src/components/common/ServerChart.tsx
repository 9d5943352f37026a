/**
 * A chart the server built (jupyter_autopilot/service/figures.py), drawn as
 * it is: data strings escaped, texts translated, the JupyterLab theme's
 * colours and fonts applied (PlotlyChart), the chart's own title left to the
 * section heading, and its size and legend place set by the view.
 */
import * as React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import { IPlotlyFigure, PlotlyObject } from '../../api';
import { sanitizeFigure, translateFigure, untitled } from '../../lib/plotly';
import { chartTextTranslator } from '../../lib/chartTexts';
import { useTrans } from './common';
import { PlotlyChart } from './PlotlyChart';

export interface IServerChartProps {
  figure: IPlotlyFigure;
  className: string;
  ariaLabel: string;
  /** Layout settings of the view that win over the figure's (size, legend place). */
  override?: PlotlyObject;
}

/** The figure as the UI draws it (exported for the chart-equality test). */
export function displayedFigure(
  figure: IPlotlyFigure,
  trans: TranslationBundle,
  override?: PlotlyObject
): { data: PlotlyObject[]; layout: PlotlyObject } {
  const translated = translateFigure(
    sanitizeFigure(figure),
    chartTextTranslator(trans)
  );
  return {
    data: translated.data,
    layout: { ...untitled(translated.layout), ...(override || {}) }
  };
}

export function ServerChart(props: IServerChartProps) {
  const trans = useTrans();
  const fig = React.useMemo(
    () => displayedFigure(props.figure, trans, props.override),
    [props.figure, trans, props.override]
  );
  return (
    <PlotlyChart
      data={fig.data}
      layout={fig.layout}
      className={props.className}
      ariaLabel={props.ariaLabel}
    />
  );
}
