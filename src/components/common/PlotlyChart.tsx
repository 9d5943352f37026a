/**
 * A plotly.js chart, loaded lazily, re-themed when the JupyterLab theme
 * changes. The data given here must already be escaped (see ../plotly.ts).
 */
import * as React from 'react';
import { PlotlyObject } from '../../api';
import { loadPlotly, themedLayout } from '../../lib/plotly';
import { ErrorNotice, Loading, useTrans } from './common';

export interface IPlotlyChartProps {
  data: PlotlyObject[];
  layout: PlotlyObject;
  className: string;
  ariaLabel: string;
}

function useThemeVersion(): number {
  const [version, setVersion] = React.useState(0);
  React.useEffect(() => {
    if (
      typeof MutationObserver === 'undefined' ||
      typeof document === 'undefined'
    ) {
      return;
    }
    const observer = new MutationObserver(() => setVersion(v => v + 1));
    observer.observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name']
    });
    return () => observer.disconnect();
  }, []);
  return version;
}

export function PlotlyChart(props: IPlotlyChartProps) {
  const trans = useTrans();
  const ref = React.useRef<HTMLDivElement>(null);
  const [state, setState] = React.useState<'loading' | 'ready' | 'error'>(
    'loading'
  );
  const [error, setError] = React.useState<unknown>(null);
  const [attempt, setAttempt] = React.useState(0);
  const themeVersion = useThemeVersion();

  React.useEffect(() => {
    let cancelled = false;
    loadPlotly().then(
      Plotly => {
        if (cancelled || !ref.current) {
          return;
        }
        return Plotly.react(
          ref.current,
          props.data,
          themedLayout(props.layout),
          {
            displaylogo: false,
            responsive: true,
            modeBarButtonsToRemove: ['sendDataToCloud', 'lasso2d', 'select2d']
          }
        ).then(() => {
          if (!cancelled) {
            setState('ready');
          }
        });
      },
      e => {
        if (!cancelled) {
          setError(e);
          setState('error');
        }
      }
    );
    return () => {
      cancelled = true;
    };
  }, [props.data, props.layout, themeVersion, attempt]);

  // Follow the width of the chart's box (panel resized, sidebar toggled, grid reflowed):
  // plotly's `responsive` only follows the window.
  React.useEffect(() => {
    const el = ref.current;
    if (!el || state !== 'ready' || typeof ResizeObserver === 'undefined') {
      return;
    }
    let width = el.clientWidth;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width || el.clientWidth === 0) {
        return;
      }
      width = el.clientWidth;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        loadPlotly()
          .then(Plotly => Plotly.Plots?.resize?.(el))
          .catch(() => undefined);
      });
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [state]);

  React.useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) {
        loadPlotly().then(
          Plotly => Plotly.purge(el),
          () => undefined
        );
      }
    };
  }, []);

  return (
    <div className="jp-autopilot-chart-wrap">
      {state === 'loading' ? (
        <Loading label={trans.__('Loading chart…')} />
      ) : null}
      {state === 'error' ? (
        <ErrorNotice
          error={error}
          title={trans.__('Could not load the charting library')}
          onRetry={() => {
            setState('loading');
            setAttempt(a => a + 1);
          }}
        />
      ) : null}
      <div
        ref={ref}
        className={props.className}
        role="img"
        aria-label={props.ariaLabel}
      />
    </div>
  );
}
