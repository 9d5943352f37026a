/**
 * Refreshing, in one place: a silent refresh (the data on screen stay while it
 * runs), the refresh command's counter, and polling with @lumino/polling (no
 * request while the page is hidden).
 */
import * as React from 'react';
import { Poll } from '@lumino/polling';

/** `refresh` run silently: `refreshing` while it runs. */
export function useSilentRefresh(
  refresh: () => Promise<unknown>,
  onDone?: (result: unknown) => void
): { refreshing: boolean; doRefresh: () => Promise<void> } {
  const [refreshing, setRefreshing] = React.useState(false);
  const done = React.useRef(onDone);
  done.current = onDone;
  const doRefresh = React.useCallback(() => {
    setRefreshing(true);
    return refresh().then(result => {
      setRefreshing(false);
      done.current?.(result);
    });
  }, [refresh]);
  return { refreshing, doRefresh };
}

/**
 * Runs `fn` each time the refresh command bumps `signal` (never for the value
 * it had when the component first rendered: that one loaded fresh anyway).
 */
export function useOnSignal(signal: number | undefined, fn: () => void): void {
  const latest = React.useRef(fn);
  latest.current = fn;
  const seen = React.useRef(signal);
  React.useEffect(() => {
    if (signal !== seen.current) {
      seen.current = signal;
      latest.current();
    }
  }, [signal]);
}

/**
 * Calls `fn` every `seconds` while `active`, with a Lumino Poll: on standby
 * while the page is hidden, and not at start (the data were just loaded).
 */
export function usePoll(
  active: boolean,
  seconds: number,
  fn: () => Promise<unknown> | void
) {
  const latest = React.useRef(fn);
  latest.current = fn;
  React.useEffect(() => {
    if (!active || !(seconds > 0)) {
      return;
    }
    const interval = seconds * 1000;
    const poll = new Poll({
      auto: false,
      // the next tick is scheduled once this refresh has ended (a slow source is never asked twice)
      factory: async () => {
        await latest.current();
      },
      frequency: { interval, backoff: false },
      standby: 'when-hidden',
      name: 'jupyter-autopilot:refresh'
    });
    // the first tick one interval from now (the data were just loaded)
    void poll.schedule({ interval, phase: 'resolved' });
    return () => poll.dispose();
  }, [active, seconds]);
}
