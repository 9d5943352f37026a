/**
 * One owner per chart: the UI draws the server's figures (server-figures.json
 * is what jupyter_autopilot/service/figures.py makes of the fixtures' data,
 * checked by tests/test_ui_fixtures.py) with the same traces, order and
 * titles; it only escapes, translates and themes them.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { PlotlyObject } from '../api';
import { displayedFigure } from '../components/common/ServerChart';
import { serverFigures } from './fixtures';

const trans = nullTranslator.load('jupyter-autopilot');

function axisTitle(layout: PlotlyObject, key: string): string | undefined {
  const title = layout[key] && layout[key].title;
  return typeof title === 'string' ? title : title?.text;
}

describe('the UI draws the server figure of every chart', () => {
  for (const [name, figure] of Object.entries(serverFigures)) {
    it(`${name}: same traces, order and axis titles`, () => {
      const shown = displayedFigure(figure, trans);
      expect(shown.data.length).toBe(figure.data.length);
      shown.data.forEach((trace, i) => {
        const server = figure.data[i] as PlotlyObject;
        for (const key of ['type', 'orientation', 'x', 'z', 'name']) {
          expect(trace[key]).toEqual(server[key]);
        }
        // category labels: the server escaped them; the UI does not escape them twice
        expect(trace.y).toEqual(server.y);
      });
      for (const axis of ['xaxis', 'yaxis']) {
        expect(axisTitle(shown.layout, axis)).toEqual(
          axisTitle(figure.layout as PlotlyObject, axis)
        );
      }
      // the section heading titles the chart in the UI
      expect(shown.layout.title).toBeUndefined();
    });
  }

  it('keeps the order of the SHAP bars: most important on top, top N then all', () => {
    const top = displayedFigure(serverFigures.shapYesTop, trans).data[0];
    const all = displayedFigure(serverFigures.shapYesAll, trans).data[0];
    expect(top.y).toHaveLength(20);
    expect(all.y).toHaveLength(25);
    expect(all.y.slice(0, 20)).toEqual(top.y);
    expect(top.y[0]).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('translates the texts of a chart, never its data', () => {
    const upper = {
      ...trans,
      __: (text: string) => text.toUpperCase()
    } as typeof trans;
    const shown = displayedFigure(serverFigures.confusionMatrix, upper);
    expect(axisTitle(shown.layout, 'xaxis')).toBe('PREDICTED LABEL');
    expect(axisTitle(shown.layout, 'yaxis')).toBe('ACTUAL LABEL');
    expect(shown.data[0].x).toEqual(
      (serverFigures.confusionMatrix.data[0] as PlotlyObject).x
    );
  });
});
