/**
 * The Autopilot job tab: header, Trials and Job profile subtabs, notebook
 * buttons, polling while the job runs.
 */
import * as React from 'react';
import {
  AutopilotClient,
  ICandidatesResponse,
  IJob,
  IShapMatrix,
  NotebookKind
} from '../../api';
import { clock, isTerminal, zone } from '../../lib/format';
import {
  AsyncView,
  CopyPythonButton,
  RefreshFailed,
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
import { JobHeader, JobProfile } from './JobProfile';
import { JobProgress } from './JobProgress';
import { ShapMatrixView } from './ShapMatrixView';

export interface IJobData {
  job: IJob;
  candidates: ICandidatesResponse;
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
  /** Stops the job (asks first); absent: no Stop button. */
  onStop?: () => void;
  stopping?: boolean;
  stopError?: string | null;
  onCompare?: (candidates: string[]) => void;
  /** Reads SHAP across the candidates (its subtab); absent: no subtab. */
  loadShapMatrix?: () => Promise<IShapMatrix>;
  /** Fixed table height (notebook output). */
  tableHeight?: number;
}

/** Presentational job view (also used by the notebook MIME renderer). */
export function JobContent(props: IJobContentProps) {
  const trans = useTrans();
  const [tab, setTab] = React.useState('trials');
  // the SHAP subtab reads every candidate's explanation: only once it is opened
  const [shapOpened, setShapOpened] = React.useState(false);
  const { job, candidates } = props.data;
  const prefix = `jp-autopilot-job-${props.source}-${job.name}`;
  const best = candidates.bestCandidate ?? job.bestCandidate ?? null;
  return (
    <div className="jp-autopilot-job">
      <JobHeader job={job} notice={props.headerNotice}>
        {props.headerExtra}
      </JobHeader>
      {!isTerminal(job.status) ? (
        <JobProgress
          job={job}
          candidates={candidates.candidates}
          onStop={props.onStop}
          stopping={props.stopping}
          stopError={props.stopError}
        />
      ) : null}
      {props.notebooks ? (
        <NotebookButtons job={job} actions={props.notebooks} />
      ) : null}
      <TabBar
        tabs={[
          { id: 'trials', label: trans.__('Trials') },
          ...(props.loadShapMatrix
            ? [{ id: 'shap', label: trans.__('SHAP across candidates') }]
            : []),
          { id: 'profile', label: trans.__('Job profile') }
        ]}
        current={tab}
        onChange={t => {
          setTab(t);
          if (t === 'shap') {
            setShapOpened(true);
          }
        }}
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
            {candidates.metricsNote ? (
              <div className="jp-autopilot-hint jp-autopilot-metrics-note">
                {candidates.metricsNote}
              </div>
            ) : null}
            <TrialsTable
              candidates={candidates.candidates}
              objective={candidates.objective ?? job.objective}
              bestCandidate={best}
              source={props.source}
              jobName={job.name}
              onOpen={props.onOpenCandidate}
              onCompare={props.onCompare}
              height={props.tableHeight}
            />
          </TabPanel>
        </div>
        {props.loadShapMatrix && shapOpened ? (
          <div
            hidden={tab !== 'shap'}
            className="jp-autopilot-tabpanel-wrap jp-autopilot-scroll"
          >
            <TabPanel idPrefix={prefix} id="shap">
              <ShapMatrixView load={props.loadShapMatrix} />
            </TabPanel>
          </div>
        ) : null}
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
  /** Asks the user to confirm stopping the job; absent: no Stop button. */
  confirmStop?: (job: IJob) => Promise<boolean>;
  /** Opens the Compare tab of the marked trials; absent: no marking. */
  onCompare?: (candidates: string[]) => void;
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
    void silentRefresh();
  }, [silentRefresh]);
  usePoll(polling, poll, () => {
    fromPoll.current = true;
    return silentRefresh();
  });
  useOnSignal(props.refreshSignal, doRefresh);

  const loadShapMatrix = React.useCallback(
    () => client.shapMatrix(source, job),
    [client, source, job]
  );
  const [stopping, setStopping] = React.useState(false);
  const [stopError, setStopError] = React.useState<string | null>(null);
  const confirmStop = props.confirmStop;
  const onStop = confirmStop
    ? async () => {
        if (data.state.status !== 'ready') {
          return;
        }
        if (!(await confirmStop(data.state.data.job))) {
          return;
        }
        setStopping(true);
        setStopError(null);
        try {
          await client.stopJob(source, job);
          // "Stopping…" stays until the job has ended (the progress goes with it)
          fromPoll.current = true; // the end it reaches is announced
          await silentRefresh();
        } catch (e) {
          setStopError(errorMessage(e, trans));
          setStopping(false);
        }
      }
    : undefined;

  return (
    <AsyncView async={data} loadingLabel={trans.__('Loading job %1…', job)}>
      {d => (
        <JobContent
          source={source}
          data={d}
          onOpenCandidate={props.onOpenCandidate}
          notebooks={props.notebooks}
          onStop={onStop ? () => void onStop() : undefined}
          onCompare={props.onCompare}
          loadShapMatrix={loadShapMatrix}
          stopping={stopping}
          stopError={stopError}
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
                  {trans.__(
                    'Updated %1',
                    `${clock(lastUpdate)} ${zone(lastUpdate)}`
                  )}
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
