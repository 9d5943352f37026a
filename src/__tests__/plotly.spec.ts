import {
  confusionMatrixFigure,
  escapePlotlyText,
  escapePlotlyTextKeepEntities,
  normalizeRows,
  sanitizeFigure,
  shapBarFigure,
  themedLayout
} from '../plotly';
import { HOSTILE } from './fixtures';

describe('plotly escaping', () => {
  it('escapes & < > and $ for plotly', () => {
    expect(escapePlotlyText(HOSTILE)).toBe(
      '&lt;img src=x onerror=alert(1)&gt;'
    );
    expect(escapePlotlyText('a & b')).toBe('a &amp; b');
    expect(escapePlotlyText('$x^2$')).toBe('&#36;x^2&#36;');
    expect(escapePlotlyText('&lt;')).toBe('&amp;lt;');
  });

  it('does not double-escape already escaped server strings', () => {
    expect(escapePlotlyTextKeepEntities('&lt;b&gt; & <i>')).toBe(
      '&lt;b&gt; &amp; &lt;i&gt;'
    );
  });

  it('sanitizes trace and layout strings of a server figure', () => {
    const fig = sanitizeFigure({
      data: [
        {
          type: 'bar',
          x: [1, 2],
          y: [HOSTILE, 'ok'],
          name: '<b>n</b>',
          text: ['<a href="javascript:x">t</a>']
        }
      ],
      layout: {
        title: { text: '<script>' },
        xaxis: { title: '<i>x</i>', ticktext: ['<br>'] },
        annotations: [{ text: '<a href="x">y</a>' }]
      }
    });
    const s = JSON.stringify(fig);
    expect(s).not.toMatch(/<(img|b|a|script|i|br)[\s>]/);
    expect(fig.data[0].y[0]).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(fig.data[0].x).toEqual([1, 2]);
  });
});

describe('SHAP bar figure', () => {
  const features = Array.from({ length: 30 }, (_, i) => ({
    name: i === 0 ? HOSTILE : `f${i}`,
    importance: 30 - i
  }));

  it('shows the top N with the most important on top, escaped', () => {
    const fig = shapBarFigure(features, 20, {
      data: [{ type: 'bar', marker: { color: '#abcdef' } }],
      layout: { title: { text: 'Importance' } }
    });
    const trace = fig.data[0];
    expect(trace.type).toBe('bar');
    expect(trace.orientation).toBe('h');
    expect(trace.y).toHaveLength(20);
    expect(trace.y[0]).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(trace.x[0]).toBe(30);
    expect(fig.layout.yaxis.autorange).toBe('reversed');
    expect(trace.marker.color).toBe('#abcdef');
    expect(fig.layout.title).toBeUndefined();
  });

  it('shows all features when top is null', () => {
    expect(shapBarFigure(features, null).data[0].y).toHaveLength(30);
  });
});

describe('confusion matrix', () => {
  it('row-normalises', () => {
    expect(
      normalizeRows([
        [1, 3],
        [0, 0]
      ])
    ).toEqual([
      [0.25, 0.75],
      [0, 0]
    ]);
  });

  it('builds a heatmap with actual rows and predicted columns', () => {
    const fig = confusionMatrixFigure(
      {
        labels: ['a', HOSTILE],
        matrix: [
          [5, 5],
          [0, 10]
        ]
      },
      true
    );
    const t = fig.data[0];
    expect(t.type).toBe('heatmap');
    expect(t.x).toEqual(['a', '&lt;img src=x onerror=alert(1)&gt;']);
    expect(t.z).toEqual([
      [0.5, 0.5],
      [0, 1]
    ]);
    expect(t.text[0][0]).toBe('50.0%');
    expect(fig.layout.xaxis.title.text).toBe('Predicted');
    expect(fig.layout.yaxis.title.text).toBe('Actual');
    expect(
      confusionMatrixFigure({ labels: ['a'], matrix: [[7]] }, false).data[0]
        .text
    ).toEqual([['7']]);
  });
});

describe('theme', () => {
  it('makes backgrounds transparent and uses the theme colours', () => {
    const l = themedLayout(
      { paper_bgcolor: 'white', width: 700, xaxis: { title: 'x' } },
      {
        font: '#eee',
        accent: '#42a5f5',
        grid: '#333',
        line: '#555',
        isLight: false
      }
    );
    expect(l.paper_bgcolor).toBe('rgba(0,0,0,0)');
    expect(l.font.color).toBe('#eee');
    expect(l.xaxis.gridcolor).toBe('#333');
    expect(l.xaxis.title).toBe('x');
    expect(l.width).toBeUndefined();
  });
});
