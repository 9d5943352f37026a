import {
  escapePlotlyText,
  escapePlotlyTextKeepEntities,
  sanitizeFigure,
  themedLayout
} from '../lib/plotly';
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
