/**
 * The Autopilot job tab: header, Trials and Job profile subtabs, notebook
 * buttons, polling while the job runs.
 */
import * as React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  AutopilotClient,
  ICandidatesResponse,
  IJob,
  NotebookKind
} from '../../api';
import {
  directionArrow,
  durationSeconds,
  formatDuration,
  formatTime,
  formatValue,
  humanize,
  isTerminal
} from '../../lib/format';
import { s3ConsoleUrl, sagemakerConsoleUrl } from '../../lib/s3';
import {
  AsyncView,
  CopyButton,
  CopyPythonButton,
  DefinitionList,
  Empty,
  RefreshFailed,
  StatusBadge,
  TabBar,
  TabPanel,
  errorMessage,
  useAsync,
  useTrans
} from '../common/common';
import { useOnSignal, usePoll, useSilentRefresh } from '../common/refresh';
import { TrialsTable } from './TrialsTable';
import { jobPythonSnippet } from '../../lib/python';
import { notifyJobFinished } from '../../lib/jobNotify';

export interface IJobData {
  job: IJob;
  candidates: ICandidatesResponse;
}

/**
 * Whether S3 URIs get an AWS console link: false inside the views of a job the
 * local runner made (its s3:// URIs name files in the local job folder).
 */
export const ConsoleLinksContext = React.createContext<boolean>(true);

/** An S3 URI as text, with a copy button and a console link we build. */
export function S3Uri(props: { uri: string | null | undefined }) {
  const trans = useTrans();
  const consoleLinks = React.useContext(ConsoleLinksContext);
  if (!props.uri) {
    return <span className="jp-autopilot-muted">—</span>;
  }
  const s3Href = consoleLinks ? s3ConsoleUrl(props.uri) : null;
  // one console link at most: the S3 object, else the SageMaker job an ARN names
  const jobHref = s3Href ? null : sagemakerConsoleUrl(props.uri);
  const link = s3Href
    ? {
        href: s3Href,
        title: trans.__('Open in the AWS S3 console'),
        text: trans.__('S3 console')
      }
    : jobHref
      ? {
          href: jobHref,
          title: trans.__('Open in the SageMaker console'),
          text: trans.__('SageMaker console')
        }
      : null;
  return (
    <span className="jp-autopilot-uri">
      <code className="jp-autopilot-uri-text">{props.uri}</code>
      <CopyButton text={props.uri} label={trans.__('Copy URI')} />
      {link ? (
        <a
          className="jp-autopilot-console-link"
          href={link.href}
          target="_blank"
          rel="noopener noreferrer"
          title={link.title}
        >
          {link.text}
        </a>
      ) : null}
    </span>
  );
}

export function JobHeader(props: {
  job: IJob;
  children?: React.ReactNode;
  /** Shown right under the title row (e.g. a failed refresh, next to the Refresh button). */
  notice?: React.ReactNode;
}) {
  const trans = useTrans();
  const { job } = props;
  const objective = job.objective;
  const duration = durationSeconds(job.creationTime, job.endTime);
  return (
    <div className="jp-autopilot-job-header">
      <div className="jp-autopilot-job-title">
        <h2 className="jp-autopilot-h2">{job.name}</h2>
        <StatusBadge status={job.status} secondary={job.secondaryStatus} />
        {job.secondaryStatus && job.secondaryStatus !== job.status ? (
          <span className="jp-autopilot-secondary-status">
            {job.secondaryStatus}
          </span>
        ) : null}
        <span className="jp-autopilot-spacer" />
        {props.children}
      </div>
      {props.notice}
      <div className="jp-autopilot-facts">
        <Fact
          label={trans.__('Problem type')}
          value={job.problemType || trans.__('Not set (inferred)')}
        />
        <Fact
          label={trans.__('Objective')}
          value={
            objective && objective.metric
              ? `${objective.metric}${objective.direction ? ` (${objective.direction} ${directionArrow(objective.direction)})` : ''}`
              : '—'
          }
        />
        <Fact label={trans.__('Target')} value={job.targetAttribute || '—'} />
        {job.mode ? <Fact label={trans.__('Mode')} value={job.mode} /> : null}
        <Fact
          label={trans.__('Created')}
          value={formatTime(job.creationTime)}
        />
        <Fact label={trans.__('Ended')} value={formatTime(job.endTime)} />
        <Fact label={trans.__('Duration')} value={formatDuration(duration)} />
      </div>
      {job.failureReason ? (
        <div className="jp-autopilot-failure" role="alert">
          <span className="jp-autopilot-failure-label">
            {trans.__('Failure reason:')}
          </span>{' '}
          <span className="jp-autopilot-failure-text">{job.failureReason}</span>
        </div>
      ) : null}
    </div>
  );
}

function Fact(props: { label: string; value: string }) {
  return (
    <div className="jp-autopilot-fact">
      <span className="jp-autopilot-fact-label">{props.label}</span>
      <span className="jp-autopilot-fact-value">{props.value}</span>
    </div>
  );
}

const PROFILE_KNOWN = new Set([
  'name',
  'arn',
  'status',
  'secondaryStatus',
  'problemType',
  'objective',
  'targetAttribute',
  'mode',
  'creationTime',
  'endTime',
  'lastModifiedTime',
  'failureReason',
  'bestCandidate',
  'inputs',
  'outputPath',
  'notebooks',
  'security',
  // shown elsewhere or internal
  'source',
  'isTerminal',
  'durationSeconds',
  'apiVersion',
  'onAws'
]);

function renderValue(
  value: unknown,
  trans: TranslationBundle
): React.ReactNode {
  if (typeof value === 'string' && value.startsWith('s3://')) {
    return <S3Uri uri={value} />;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '—';
    }
    if (value.every(v => typeof v !== 'object' || v === null)) {
      return (
        <ul className="jp-autopilot-plain-list">
          {value.map((v, i) => (
            <li key={i}>{renderValue(v, trans)}</li>
          ))}
        </ul>
      );
    }
    return (
      <ul className="jp-autopilot-plain-list">
        {value.map((v, i) => (
          <li key={i}>{renderValue(v, trans)}</li>
        ))}
      </ul>
    );
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) {
      return '—';
    }
    return (
      <DefinitionList
        className="jp-autopilot-dl-nested"
        items={entries.map(([k, v]) => [humanize(k), renderValue(v, trans)])}
      />
    );
  }
  return formatValue(value);
}

export function JobProfile(props: { job: IJob }) {
  const trans = useTrans();
  const { job } = props;
  const general: Array<[string, React.ReactNode]> = [
    [trans.__('Name'), job.name],
    [trans.__('ARN'), job.arn || '—'],
    [trans.__('Status'), job.status || '—'],
    [trans.__('Secondary status'), job.secondaryStatus || '—'],
    [trans.__('Problem type'), job.problemType || '—'],
    [trans.__('Mode'), job.mode || '—'],
    [trans.__('Target attribute'), job.targetAttribute || '—'],
    [trans.__('Best candidate'), job.bestCandidate || trans.__('None')],
    [trans.__('Created'), formatTime(job.creationTime)],
    [trans.__('Ended'), formatTime(job.endTime)]
  ];
  if (job.lastModifiedTime) {
    general.push([trans.__('Last modified'), formatTime(job.lastModifiedTime)]);
  }
  if (job.failureReason) {
    general.push([trans.__('Failure reason'), job.failureReason]);
  }
  const objective: Array<[string, React.ReactNode]> = [
    [trans.__('Metric'), job.objective?.metric || '—'],
    [
      trans.__('Direction'),
      job.objective?.direction
        ? `${job.objective.direction} ${directionArrow(job.objective.direction)}`
        : '—'
    ]
  ];
  const notebooks: Array<[string, React.ReactNode]> = [
    [
      trans.__('Data exploration'),
      renderValue(job.notebooks?.dataExploration ?? null, trans)
    ],
    [
      trans.__('Candidate definition'),
      renderValue(job.notebooks?.candidateDefinition ?? null, trans)
    ]
  ];
  if (job.apiVersion) {
    general.push([trans.__('API version'), String(job.apiVersion)]);
  }
  const security =
    job.security && typeof job.security === 'object'
      ? Object.entries(job.security)
      : [];
  const extra = Object.entries(job).filter(
    ([k, v]) => !PROFILE_KNOWN.has(k) && !(Array.isArray(v) && v.length === 0)
  );
  // scalars (and lists) go with the job's settings; objects get a section each
  const scalarExtra = extra.filter(
    ([, v]) => !v || typeof v !== 'object' || Array.isArray(v)
  );
  const objectExtra = extra.filter(
    ([, v]) => v && typeof v === 'object' && !Array.isArray(v)
  );
  for (const [k, v] of scalarExtra) {
    general.push([humanize(k), renderValue(v, trans)]);
  }
  return (
    <ConsoleLinksContext.Provider value={job.onAws !== false}>
      <div className="jp-autopilot-profile">
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Job')}</h3>
          <DefinitionList items={general} />
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Objective')}</h3>
          <DefinitionList items={objective} />
        </section>
        {objectExtra.map(([key, value]) => (
          <section className="jp-autopilot-section" key={key}>
            <h3 className="jp-autopilot-h3">{humanize(key)}</h3>
            {renderValue(value, trans)}
          </section>
        ))}
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Input data')}</h3>
          {job.inputs && job.inputs.length ? (
            <table className="jp-autopilot-table">
              <thead>
                <tr>
                  <th>{trans.__('Channel')}</th>
                  <th>{trans.__('S3 URI')}</th>
                  <th>{trans.__('Content type')}</th>
                </tr>
              </thead>
              <tbody>
                {job.inputs.map((input, i) => (
                  <tr key={i}>
                    <td>{input.channel || '—'}</td>
                    <td>
                      <S3Uri uri={input.uri} />
                    </td>
                    <td>{input.contentType || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>{trans.__('No input channels recorded.')}</Empty>
          )}
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Output')}</h3>
          <DefinitionList
            items={[[trans.__('Output path'), <S3Uri uri={job.outputPath} />]]}
          />
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Notebooks')}</h3>
          <DefinitionList items={notebooks} />
        </section>
        <section className="jp-autopilot-section">
          <h3 className="jp-autopilot-h3">{trans.__('Security')}</h3>
          {security.length ? (
            <DefinitionList
              items={security.map(([k, v]) => [
                humanize(k),
                renderValue(v, trans)
              ])}
            />
          ) : (
            <Empty>
              {trans.__('No security configuration (defaults apply).')}
            </Empty>
          )}
        </section>
      </div>
    </ConsoleLinksContext.Provider>
  );
}

export interface INotebookActions {
  open: (kind: NotebookKind) => Promise<void>;
}

function NotebookButtons(props: { job: IJob; actions: INotebookActions }) {
  const { job, actions } = props;
  const trans = useTrans();
  const [busy, setBusy] = React.useState<NotebookKind | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const buttons: Array<[NotebookKind, string]> = [
    ['dataExploration', trans.__('Open data exploration notebook')],
    ['candidateDefinition', trans.__('Open candidate generation notebook')]
  ];
  return (
    <div className="jp-autopilot-notebook-buttons">
      {buttons.map(([kind, label]) => {
        const present = !!(job.notebooks && job.notebooks[kind]);
        return (
          <button
            key={kind}
            type="button"
            className="jp-autopilot-button"
            disabled={!present || busy !== null}
            title={
              present
                ? label
                : trans.__(
                    'This job has no such notebook (Autopilot writes it once the analysis step has run).'
                  )
            }
            onClick={() => {
              setBusy(kind);
              setError(null);
              actions.open(kind).then(
                () => setBusy(null),
                e => {
                  setBusy(null);
                  setError(errorMessage(e, trans));
                }
              );
            }}
          >
            {busy === kind ? trans.__('Opening…') : label}
          </button>
        );
      })}
      {error ? (
        <span className="jp-autopilot-inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export interface IJobContentProps {
  source: string;
  data: IJobData;
  onOpenCandidate?: (candidate: string) => void;
  notebooks?: INotebookActions;
  /** Right-hand header content (refresh button, polling state). */
  headerExtra?: React.ReactNode;
  /** Under the header's title row (a failed refresh). */
  headerNotice?: React.ReactNode;
  /** Fixed table height (notebook output). */
  tableHeight?: number;
}

/** Presentational job view (also used by the notebook MIME renderer). */
export function JobContent(props: IJobContentProps) {
  const trans = useTrans();
  const [tab, setTab] = React.useState('trials');
  const { job, candidates } = props.data;
  const prefix = `jp-autopilot-job-${props.source}-${job.name}`;
  const best = candidates.bestCandidate ?? job.bestCandidate ?? null;
  return (
    <div className="jp-autopilot-job">
      <JobHeader job={job} notice={props.headerNotice}>
        {props.headerExtra}
      </JobHeader>
      {props.notebooks ? (
        <NotebookButtons job={job} actions={props.notebooks} />
      ) : null}
      <TabBar
        tabs={[
          { id: 'trials', label: trans.__('Trials') },
          { id: 'profile', label: trans.__('Job profile') }
        ]}
        current={tab}
        onChange={setTab}
        idPrefix={prefix}
        label={trans.__('Job views')}
      />
      {/* Both panels stay mounted so switching tabs keeps the table's state */}
      <div className="jp-autopilot-tabpanels">
        <div hidden={tab !== 'trials'} className="jp-autopilot-tabpanel-wrap">
          <TabPanel
            idPrefix={prefix}
            id="trials"
            className="jp-autopilot-trials-panel"
          >
            {!best && candidates.candidates.length > 0 ? (
              <div className="jp-autopilot-hint">
                {isTerminal(job.status)
                  ? trans.__('This job has no best candidate.')
                  : trans.__('This job has no best candidate yet.')}
              </div>
            ) : null}
            <TrialsTable
              candidates={candidates.candidates}
              objective={candidates.objective ?? job.objective}
              bestCandidate={best}
              source={props.source}
              jobName={job.name}
              onOpen={props.onOpenCandidate}
              height={props.tableHeight}
            />
          </TabPanel>
        </div>
        <div
          hidden={tab !== 'profile'}
          className="jp-autopilot-tabpanel-wrap jp-autopilot-scroll"
        >
          <TabPanel idPrefix={prefix} id="profile">
            <JobProfile job={job} />
          </TabPanel>
        </div>
      </div>
    </div>
  );
}

export interface IJobViewProps {
  client: AutopilotClient;
  source: string;
  job: string;
  /** Seconds between refreshes of an in-progress job; 0 = off. */
  pollInterval?: number;
  onOpenCandidate?: (candidate: string) => void;
  notebooks?: INotebookActions;
  /** Bumped from outside (refresh command) to re-fetch silently. */
  refreshSignal?: number;
  /** Activates this tab (the "Open job" action of the job-finished notification). */
  onShowTab?: () => void;
}

/** The job tab: loads job + candidates, polls while the job is in progress. */
export function JobView(props: IJobViewProps) {
  const trans = useTrans();
  const { client, source, job } = props;
  const data = useAsync<IJobData>(async () => {
    const [j, c] = await Promise.all([
      client.job(source, job),
      client.candidates(source, job)
    ]);
    return { job: j, candidates: c };
  }, [client, source, job]);
  // when the data on screen were fetched: set on a successful load or refresh only
  const [lastUpdate, setLastUpdate] = React.useState<Date | null>(null);
  // the status on screen, and whether the data now arriving come from a poll: a job seen
  // finishing by polling (never on first load nor on a manual refresh) gets a notification
  const shownStatus = React.useRef<string | null>(null);
  const fromPoll = React.useRef(false);
  const onShowTab = React.useRef(props.onShowTab);
  onShowTab.current = props.onShowTab;
  React.useEffect(() => {
    if (data.state.status === 'ready') {
      setLastUpdate(new Date());
      const before = shownStatus.current;
      const current = data.state.data.job;
      shownStatus.current = current.status;
      if (fromPoll.current) {
        fromPoll.current = false;
        notifyJobFinished(before, current, trans, () => onShowTab.current?.());
      }
    }
  }, [data.state, trans]);
  const status =
    data.state.status === 'ready' ? data.state.data.job.status : null;
  const poll = props.pollInterval ?? 15;
  const polling = status !== null && !isTerminal(status) && poll > 0;

  // Refresh button, refresh command and polling: the data stay on screen; a failure
  // shows "Refresh failed: <message>" with Retry (data.refreshError) until one succeeds.
  const { refreshing, doRefresh: silentRefresh } = useSilentRefresh(
    data.refresh
  );
  const doRefresh = React.useCallback(() => {
    fromPoll.current = false;
    silentRefresh();
  }, [silentRefresh]);
  usePoll(polling, poll, () => {
    fromPoll.current = true;
    silentRefresh();
  });
  useOnSignal(props.refreshSignal, doRefresh);

  return (
    <AsyncView async={data} loadingLabel={trans.__('Loading job %1…', job)}>
      {d => (
        <JobContent
          source={source}
          data={d}
          onOpenCandidate={props.onOpenCandidate}
          notebooks={props.notebooks}
          headerNotice={
            data.refreshError ? (
              <RefreshFailed
                error={data.refreshError}
                onRetry={doRefresh}
                retrying={refreshing}
                lastUpdate={lastUpdate}
              />
            ) : null
          }
          headerExtra={
            <span className="jp-autopilot-refresh-area">
              {polling ? (
                <span
                  className="jp-autopilot-polling"
                  title={trans.__(
                    'Refreshing every %1 s while the job runs',
                    poll
                  )}
                >
                  {trans.__('Live')}
                </span>
              ) : null}
              {lastUpdate ? (
                <span className="jp-autopilot-muted jp-autopilot-updated">
                  {trans.__('Updated %1', lastUpdate.toLocaleTimeString())}
                </span>
              ) : null}
              <CopyPythonButton text={jobPythonSnippet(source, job)} />
              <button
                type="button"
                className="jp-autopilot-button"
                onClick={doRefresh}
                disabled={refreshing}
                aria-label={trans.__('Refresh job')}
              >
                {refreshing ? trans.__('Refreshing…') : trans.__('Refresh')}
              </button>
            </span>
          }
        />
      )}
    </AsyncView>
  );
}
