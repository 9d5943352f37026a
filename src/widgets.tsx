/**
 * Lumino wrappers of the React views.
 */
import * as React from 'react';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { TranslationBundle } from '@jupyterlab/translation';
import { AutopilotClient, IJob } from './api';
import { Sidebar } from './components/sidebar/Sidebar';
import { ActiveJobContext } from './components/sidebar/JobsList';
import { INotebookActions, JobView } from './components/job/JobView';
import {
  ITrialsViewState,
  TrialsStateContext
} from './components/job/TrialsTable';
import {
  CandidateContent,
  ICandidateLoaders,
  apiLoaders,
  CandidateTab
} from './components/candidate';
import {
  CopyPythonButton,
  TransContext,
  defaultTrans
} from './components/common/common';
import { candidatePythonSnippet } from './lib/python';
import { IUseActions } from './lib/useDialogs';
import { UseButtons } from './components/candidate/UseButtons';
import { DeploymentsSection } from './components/candidate/DeploymentsSection';

export const SIDEBAR_ID = 'jupyter-autopilot-sidebar';

export function jobWidgetId(source: string, job: string): string {
  return `autopilot-job-${source}-${job}`;
}

export function candidateWidgetId(
  source: string,
  job: string,
  candidate: string
): string {
  return `autopilot-candidate-${source}-${job}-${candidate}`;
}

export interface ISettingsValues {
  defaultSource: string;
  pollIntervalSeconds: number;
}

/** Used only without a settings registry; schema/plugin.json has the defaults. */
export const DEFAULT_SETTINGS: ISettingsValues = {
  defaultSource: 'local',
  pollIntervalSeconds: 15
};

export class SidebarWidget extends ReactWidget {
  constructor(
    readonly options: {
      client: AutopilotClient;
      trans?: TranslationBundle;
      onOpenJob: (source: string, job: string) => void;
      /** The "New AutoML job" button. */
      onCreateJob?: () => void;
      settings: () => ISettingsValues;
    }
  ) {
    super();
    this.id = SIDEBAR_ID;
    this.addClass('jp-autopilot-sidebar');
  }

  /** Re-fetch sources and lists. */
  refresh(): void {
    this._refresh++;
    this.update();
  }

  // the list polls only while it is on screen
  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.update();
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.update();
  }

  /** The job of the current Autopilot tab (null: another kind of tab): the list selects it. */
  setActiveJob(active: { source: string; job: string } | null): void {
    if (
      active?.source === this._activeJob?.source &&
      active?.job === this._activeJob?.job
    ) {
      return;
    }
    this._activeJob = active;
    this.update();
  }

  render(): JSX.Element {
    return (
      <TransContext.Provider value={this.options.trans ?? defaultTrans}>
        <ActiveJobContext.Provider value={this._activeJob}>
          <Sidebar
            client={this.options.client}
            defaultSource={this.options.settings().defaultSource}
            onOpenJob={this.options.onOpenJob}
            onCreateJob={this.options.onCreateJob}
            pollInterval={this.options.settings().pollIntervalSeconds}
            active={this.isVisible}
            refreshSignal={this._refresh}
          />
        </ActiveJobContext.Provider>
      </TransContext.Provider>
    );
  }

  private _refresh = 0;
  private _activeJob: { source: string; job: string } | null = null;
}

export class JobPanel extends ReactWidget {
  constructor(
    readonly options: {
      client: AutopilotClient;
      source: string;
      job: string;
      trans?: TranslationBundle;
      settings: () => ISettingsValues;
      onOpenCandidate: (candidate: string) => void;
      notebooks: INotebookActions;
      /** Activates this tab (the job-finished notification's "Open job"). */
      onShowTab?: () => void;
      /** Asks before stopping the job. */
      confirmStop?: (job: IJob) => Promise<boolean>;
      /** Opens the Compare tab of the marked trials. */
      onCompare?: (candidates: string[]) => void;
      /** The trials table's state, as restored from the layout. */
      trials?: Partial<ITrialsViewState>;
      /** Told when the trials table's state changes (the layout keeps it). */
      onStateChange?: () => void;
    }
  ) {
    super();
    this.addClass('jp-autopilot-panel');
    this.addClass('jp-autopilot-job-panel');
    this.trials = options.trials;
    this._trialsContext = {
      initial: options.trials,
      onChange: state => {
        this.trials = state;
        this.options.onStateChange?.();
      }
    };
  }

  /** The trials table's sort, filters, metric set and pin (kept with the layout). */
  trials: Partial<ITrialsViewState> | undefined;

  get source(): string {
    return this.options.source;
  }

  get job(): string {
    return this.options.job;
  }

  refresh(): void {
    this._refresh++;
    this.update();
  }

  render(): JSX.Element {
    return (
      <TransContext.Provider value={this.options.trans ?? defaultTrans}>
        <TrialsStateContext.Provider value={this._trialsContext}>
          <JobView
            client={this.options.client}
            source={this.options.source}
            job={this.options.job}
            pollInterval={this.options.settings().pollIntervalSeconds}
            onOpenCandidate={this.options.onOpenCandidate}
            notebooks={this.options.notebooks}
            refreshSignal={this._refresh}
            onShowTab={this.options.onShowTab}
            confirmStop={this.options.confirmStop}
            onCompare={this.options.onCompare}
          />
        </TrialsStateContext.Provider>
      </TransContext.Provider>
    );
  }

  private _refresh = 0;
  private _trialsContext: React.ContextType<typeof TrialsStateContext>;
}

export class CandidatePanel extends ReactWidget {
  constructor(
    readonly options: {
      client: AutopilotClient;
      source: string;
      job: string;
      candidate: string;
      trans?: TranslationBundle;
      settings: () => ISettingsValues;
      onOpenJob: () => void;
      /** The subtab to show first (restored from the layout). */
      tab?: CandidateTab;
      /** Told when the user changes subtab (the layout keeps it). */
      onStateChange?: () => void;
      /** Predict on a file, deploy, batch transform (absent: no buttons). */
      use?: IUseActions;
    }
  ) {
    super();
    this.addClass('jp-autopilot-panel');
    this.addClass('jp-autopilot-candidate-panel');
    this.tab = options.tab ?? 'explainability';
    this._loaders = apiLoaders(
      options.client,
      options.source,
      options.job,
      options.candidate
    );
  }

  get source(): string {
    return this.options.source;
  }

  get job(): string {
    return this.options.job;
  }

  get candidate(): string {
    return this.options.candidate;
  }

  /** The subtab shown (kept with the layout). */
  tab: CandidateTab;

  /** Re-fetch the shown views silently (the data stay; a failure shows "Refresh failed"). */
  refresh(): void {
    this._refresh++;
    this.update();
  }

  render(): JSX.Element {
    const ref = {
      source: this.options.source,
      job: this.options.job,
      candidate: this.options.candidate
    };
    return (
      <TransContext.Provider value={this.options.trans ?? defaultTrans}>
        <CandidateContent
          source={this.options.source}
          jobName={this.options.job}
          candidate={this.options.candidate}
          loaders={this._loaders}
          onOpenJob={this.options.onOpenJob}
          initialTab={this.tab}
          onTabChange={tab => {
            this.tab = tab;
            this.options.onStateChange?.();
          }}
          headerExtra={
            <>
              {this.options.use ? (
                <UseButtons
                  candidate={ref}
                  actions={this.options.use}
                  onDone={() => this.refresh()}
                />
              ) : null}
              <CopyPythonButton
                text={candidatePythonSnippet(
                  this.options.source,
                  this.options.job,
                  this.options.candidate
                )}
              />
            </>
          }
          artifactsExtra={
            this.options.source === 'aws' ? (
              <DeploymentsSection
                client={this.options.client}
                {...ref}
                confirmDelete={this.options.use?.confirmDelete}
                pollInterval={this.options.settings().pollIntervalSeconds}
                refreshSignal={this._refresh}
              />
            ) : null
          }
          refreshSignal={this._refresh}
        />
      </TransContext.Provider>
    );
  }

  private _loaders: ICandidateLoaders;
  private _refresh = 0;
}
