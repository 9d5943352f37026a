/**
 * The sidebar's experiments and trial components of AutoML jobs.
 */
import * as React from 'react';
import { AutopilotClient, IExperiment, ITrialComponent } from '../../api';
import { formatTime } from '../../lib/format';
import {
  AsyncView,
  Empty,
  RefreshFailed,
  StatusBadge,
  useAsync,
  useTrans
} from '../common/common';
import { useOnSignal, useSilentRefresh } from '../common/refresh';
import { IListItem, ItemList } from './JobsList';

export function ExperimentsView(props: {
  client: AutopilotClient;
  source: string;
  nameContains: string;
  onOpen: (job: string) => void;
  refresh: number;
}) {
  const { client, source } = props;
  const trans = useTrans();
  const data = useAsync(
    () =>
      Promise.all([
        client.experiments(source),
        client.trialComponents(source, true)
      ]).then(([e, t]) => ({
        experiments: e.experiments || [],
        components: t.trialComponents || []
      })),
    [client, source]
  );
  // Refresh keeps the lists on screen; a failure says so above them
  const { refreshing, doRefresh } = useSilentRefresh(data.refresh);
  useOnSignal(props.refresh, doRefresh);
  const needle = props.nameContains.trim().toLowerCase();
  const match = (name: string) =>
    !needle || name.toLowerCase().includes(needle);
  return (
    <>
      {data.refreshError ? (
        <RefreshFailed
          error={data.refreshError}
          onRetry={doRefresh}
          retrying={refreshing}
        />
      ) : null}
      <AsyncView
        async={data}
        loadingLabel={trans.__('Loading experiments and trials…')}
      >
        {({ experiments, components }) => {
          const exps = experiments.filter((e: IExperiment) => match(e.name));
          const comps = components.filter((c: ITrialComponent) =>
            match(c.name)
          );
          const expItems: IListItem[] = exps.map((e: IExperiment) => {
            const job = e.jobName;
            return {
              key: e.name,
              job,
              render: (
                <div className="jp-autopilot-item-body">
                  <div className="jp-autopilot-item-line">
                    <span className="jp-autopilot-item-name">
                      {e.displayName || e.name}
                    </span>
                  </div>
                  <div className="jp-autopilot-item-meta">
                    {job
                      ? trans.__('AutoML job: %1', job)
                      : trans.__('Not an AutoML experiment')}
                  </div>
                </div>
              )
            };
          });
          const compItems: IListItem[] = comps.map((c: ITrialComponent) => {
            const job = c.jobName;
            return {
              key: c.name,
              job,
              render: (
                <div className="jp-autopilot-item-body">
                  <div className="jp-autopilot-item-line">
                    <span className="jp-autopilot-item-name">
                      {c.displayName || c.name}
                    </span>
                    {c.status ? <StatusBadge status={c.status} /> : null}
                  </div>
                  <div className="jp-autopilot-item-meta">
                    {job
                      ? trans.__('AutoML job: %1', job)
                      : formatTime(c.creationTime)}
                  </div>
                </div>
              )
            };
          });
          return (
            <div className="jp-autopilot-experiments">
              <h3 className="jp-autopilot-sidebar-heading">
                {trans.__('Experiments')}
              </h3>
              {expItems.length ? (
                <ItemList
                  items={expItems}
                  source={source}
                  label={trans.__('Experiments')}
                  onOpen={props.onOpen}
                  idPrefix={`jp-autopilot-exp-${source}`}
                />
              ) : (
                <Empty>{trans.__('No experiments.')}</Empty>
              )}
              <h3 className="jp-autopilot-sidebar-heading">
                {trans.__('Unassigned trial components')}
              </h3>
              {compItems.length ? (
                <ItemList
                  items={compItems}
                  source={source}
                  label={trans.__('Unassigned trial components')}
                  onOpen={props.onOpen}
                  idPrefix={`jp-autopilot-tc-${source}`}
                />
              ) : (
                <Empty>{trans.__('No unassigned trial components.')}</Empty>
              )}
            </div>
          );
        }}
      </AsyncView>
    </>
  );
}
