/**
 * The tabbed candidate view: loads each view on first display.
 */
import * as React from 'react';
import {
  AutopilotClient,
  IArtifacts,
  ICandidate,
  IExplainability,
  INetwork,
  IPerformance
} from '../../api';
import { formatNumber } from '../../lib/format';
import {
  AsyncView,
  RefreshFailed,
  StatusBadge,
  TabBar,
  TabPanel,
  useAsync,
  useTrans
} from '../common/common';
import { useOnSignal, useSilentRefresh } from '../common/refresh';
import { ArtifactsView } from './ArtifactsView';
import { ExplainabilityView } from './ExplainabilityView';
import { NetworkView } from './NetworkView';
import { PerformanceView } from './PerformanceView';
import { ReportDownloader } from './ReportButton';

export type CandidateTab =
  'explainability' | 'performance' | 'artifacts' | 'network';

export const CANDIDATE_TABS: CandidateTab[] = [
  'explainability',
  'performance',
  'artifacts',
  'network'
];

export interface ICandidateLoaders {
  explainability: () => Promise<IExplainability>;
  performance: () => Promise<IPerformance>;
  artifacts: () => Promise<IArtifacts>;
  network: () => Promise<INetwork>;
  /** The candidate's record (header, candidate metrics); optional. */
  candidate?: () => Promise<ICandidate | null>;
  /** Start computing a missing explanation (a local job's); optional. */
  computeExplanation?: () => Promise<IExplainability>;
  report?: ReportDownloader;
}

function Lazy<T>(props: {
  load: () => Promise<T>;
  /** (the data, and a silent refresh of them) */
  children: (data: T, refresh: () => Promise<void>) => React.ReactNode;
  label: string;
  /** Bumped to re-fetch silently (the shown data stay; a failure says so). */
  refreshSignal?: number;
}) {
  const data = useAsync<T>(props.load, [props.load]);
  const { refreshing, doRefresh } = useSilentRefresh(data.refresh);
  // a view first shown after a refresh loads fresh anyway: only later bumps refresh it
  useOnSignal(props.refreshSignal, doRefresh);
  return (
    <>
      {data.refreshError ? (
        <RefreshFailed
          error={data.refreshError}
          onRetry={doRefresh}
          retrying={refreshing}
        />
      ) : null}
      <AsyncView async={data} loadingLabel={props.label}>
        {d => props.children(d, doRefresh)}
      </AsyncView>
    </>
  );
}

export interface ICandidateContentProps {
  source: string;
  jobName: string;
  candidate: string;
  loaders: ICandidateLoaders;
  onOpenJob?: () => void;
  /** More header buttons (the model-details tab's Copy Python). */
  headerExtra?: React.ReactNode;
  /** Under the artifacts (the endpoints and transform jobs made from the candidate). */
  artifactsExtra?: React.ReactNode;
  initialTab?: CandidateTab;
  /** Told of each tab change (the tab is kept with the layout, restored after a reload). */
  onTabChange?: (tab: CandidateTab) => void;
  /** Bumped from outside (refresh command) to re-fetch every shown view silently. */
  refreshSignal?: number;
}

export function CandidateContent(props: ICandidateContentProps) {
  const trans = useTrans();
  const [tab, setTab] = React.useState<CandidateTab>(
    props.initialTab ?? 'explainability'
  );
  const [visited, setVisited] = React.useState<Set<CandidateTab>>(
    () => new Set([tab])
  );
  const [record, setRecord] = React.useState<ICandidate | null>(null);
  const { loaders } = props;

  React.useEffect(() => {
    let cancelled = false;
    if (loaders.candidate) {
      // the header's extras (status, objective value); on a failed refresh the
      // record already shown stays (each view below says when its own refresh fails)
      loaders.candidate().then(
        c => !cancelled && c && setRecord(c),
        () => undefined
      );
    }
    return () => {
      cancelled = true;
    };
  }, [loaders, props.refreshSignal]);

  const change = (id: string) => {
    const t = id as CandidateTab;
    setTab(t);
    setVisited(v => (v.has(t) ? v : new Set([...v, t])));
    props.onTabChange?.(t);
  };
  const prefix = `jp-autopilot-cand-${props.source}-${props.jobName}-${props.candidate}`;
  const filenamePrefix = `${props.jobName}-${props.candidate}`;
  const tabs: Array<{ id: CandidateTab; label: string }> = [
    { id: 'explainability', label: trans.__('Explainability') },
    { id: 'performance', label: trans.__('Performance') },
    { id: 'artifacts', label: trans.__('Artifacts') },
    { id: 'network', label: trans.__('Network') }
  ];
  const panel = (
    id: CandidateTab,
    content: React.ReactNode,
    extra?: React.ReactNode
  ) =>
    visited.has(id) ? (
      <div
        hidden={tab !== id}
        className="jp-autopilot-tabpanel-wrap jp-autopilot-scroll"
        key={id}
      >
        <TabPanel idPrefix={prefix} id={id}>
          {content}
          {extra}
        </TabPanel>
      </div>
    ) : null;

  return (
    <div className="jp-autopilot-candidate">
      <div className="jp-autopilot-job-header">
        <div className="jp-autopilot-job-title">
          <h2 className="jp-autopilot-h2">{props.candidate}</h2>
          {record && record.isBest ? (
            <span className="jp-autopilot-best-badge">
              {trans.__('Best model')}
            </span>
          ) : null}
          {record ? <StatusBadge status={record.status} /> : null}
          <span className="jp-autopilot-spacer" />
          {props.headerExtra}
          {props.onOpenJob ? (
            <button
              type="button"
              className="jp-autopilot-button"
              onClick={props.onOpenJob}
            >
              {trans.__('Open job %1', props.jobName)}
            </button>
          ) : null}
        </div>
        <div className="jp-autopilot-facts">
          <div className="jp-autopilot-fact">
            <span className="jp-autopilot-fact-label">
              {trans.__('Autopilot job')}
            </span>
            <span className="jp-autopilot-fact-value">{props.jobName}</span>
          </div>
          {record ? (
            <div className="jp-autopilot-fact">
              <span className="jp-autopilot-fact-label">
                {record.objectiveMetric
                  ? trans.__('Objective: %1', record.objectiveMetric)
                  : trans.__('Objective value')}
              </span>
              <span className="jp-autopilot-fact-value">
                {formatNumber(record.objectiveValue)}
              </span>
            </div>
          ) : null}
          {record && record.failureReason ? (
            <div className="jp-autopilot-fact">
              <span className="jp-autopilot-fact-label">
                {trans.__('Failure reason')}
              </span>
              <span className="jp-autopilot-fact-value">
                {record.failureReason}
              </span>
            </div>
          ) : null}
        </div>
      </div>
      <TabBar
        tabs={tabs}
        current={tab}
        onChange={change}
        idPrefix={prefix}
        label={trans.__('Model details')}
      />
      <div className="jp-autopilot-tabpanels">
        {panel(
          'explainability',
          <Lazy
            load={loaders.explainability}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading explainability…')}
          >
            {(d, refresh) => (
              <ExplainabilityView
                data={d}
                compute={loaders.computeExplanation}
                refresh={refresh}
                candidateMetrics={
                  record && record.metrics && record.metrics.length
                    ? record.metrics
                    : Array.isArray(d.candidateMetrics)
                      ? d.candidateMetrics
                      : null
                }
                downloadReport={loaders.report}
                filenamePrefix={filenamePrefix}
              />
            )}
          </Lazy>
        )}
        {panel(
          'performance',
          <Lazy
            load={loaders.performance}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading performance…')}
          >
            {d => (
              <PerformanceView
                data={d}
                downloadReport={loaders.report}
                filenamePrefix={filenamePrefix}
              />
            )}
          </Lazy>
        )}
        {panel(
          'artifacts',
          <Lazy
            load={loaders.artifacts}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading artifacts…')}
          >
            {d => <ArtifactsView data={d} />}
          </Lazy>,
          props.artifactsExtra
        )}
        {panel(
          'network',
          <Lazy
            load={loaders.network}
            refreshSignal={props.refreshSignal}
            label={trans.__('Loading network settings…')}
          >
            {d => <NetworkView data={d} />}
          </Lazy>
        )}
      </div>
    </div>
  );
}

/** Loaders on the REST API for one candidate. */
export function apiLoaders(
  client: AutopilotClient,
  source: string,
  job: string,
  candidate: string
): ICandidateLoaders {
  return {
    explainability: () => client.explainability(source, job, candidate),
    performance: () => client.performance(source, job, candidate),
    artifacts: () => client.artifacts(source, job, candidate),
    network: () => client.network(source, job, candidate),
    computeExplanation: () => client.computeExplanation(source, job, candidate),
    candidate: () => {
      const known = client.knownCandidate(source, job, candidate);
      return known
        ? Promise.resolve(known)
        : client
            .candidates(source, job)
            .then(r => r.candidates.find(c => c.name === candidate) ?? null);
    },
    report: kind => client.report(source, job, candidate, kind)
  };
}
