/**
 * jupyter-autopilot: the SageMaker Autopilot views for JupyterLab.
 *
 * (About 510 lines: the plugin's activation wires every command, tracker,
 * menu and the layout restorer together; the views and widgets they open
 * live in components/ and widgets.tsx.)
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { ReadonlyJSONObject } from '@lumino/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { copyIcon, launchIcon, refreshIcon } from '@jupyterlab/ui-components';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { AutopilotApiError, AutopilotClient, NotebookKind } from './api';
import { autopilotIcon } from './lib/icons';
import { candidateTabLabel } from './lib/format';
import { copyText } from './components/common/common';
import { CREATE_JOB_COMMAND, registerCreateJob } from './createJob';
import { COMPARE_COMMAND, registerCompare } from './compare';
import { confirmStop } from './lib/confirm';
import { chooseCsv } from './lib/chooseCsv';
import { candidateActions } from './lib/useDialogs';
import { CANDIDATE_TABS, CandidateTab } from './components/candidate';
import { ITrialsViewState } from './components/job/TrialsTable';
import { IOpenedDocument, openWorkspaceNotebook } from './lib/notebooks';
import { candidatePythonSnippet, jobPythonSnippet } from './lib/python';
import {
  CandidatePanel,
  DEFAULT_SETTINGS,
  ISettingsValues,
  JobPanel,
  SidebarWidget,
  candidateWidgetId,
  jobWidgetId
} from './widgets';

export const PLUGIN_ID = 'jupyter-autopilot:plugin';

export namespace CommandIDs {
  export const openSidebar = 'autopilot:open-sidebar';
  export const describeJob = 'autopilot:describe-job';
  export const openModelDetails = 'autopilot:open-model-details';
  export const refresh = 'autopilot:refresh';
  export const copyPython = 'autopilot:copy-python';
}

export const NOTEBOOK_FILES: Record<NotebookKind, string> = {
  dataExploration: 'SageMakerAutopilotDataExplorationNotebook.ipynb',
  candidateDefinition: 'SageMakerAutopilotCandidateDefinitionNotebook.ipynb'
};

/** Read the settings values, falling back to the defaults. */
export function readSettings(
  composite: Record<string, unknown> | null | undefined
): ISettingsValues {
  const c = composite || {};
  const poll = Number(c.pollIntervalSeconds);
  return {
    defaultSource:
      typeof c.defaultSource === 'string'
        ? c.defaultSource
        : DEFAULT_SETTINGS.defaultSource,
    pollIntervalSeconds:
      isFinite(poll) && poll >= 0 ? poll : DEFAULT_SETTINGS.pollIntervalSeconds
  };
}

async function activate(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  restorer: ILayoutRestorer | null,
  settingRegistry: ISettingRegistry | null,
  translator: ITranslator | null,
  fileBrowser: IDefaultFileBrowser | null,
  docManager: IDocumentManager | null
): Promise<void> {
  const trans = (translator ?? nullTranslator).load('jupyter-autopilot');
  const client = new AutopilotClient(app.serviceManager.serverSettings);
  const { commands, shell } = app;
  let settings: ISettingsValues = { ...DEFAULT_SETTINGS };
  const getSettings = () => settings;

  const jobTracker = new WidgetTracker<MainAreaWidget<JobPanel>>({
    namespace: 'autopilot-job'
  });
  const candidateTracker = new WidgetTracker<MainAreaWidget<CandidatePanel>>({
    namespace: 'autopilot-candidate'
  });

  const sidebar = new SidebarWidget({
    client,
    trans,
    settings: getSettings,
    onOpenJob: (source, job) => {
      void commands.execute(CommandIDs.describeJob, { source, job });
    },
    onCreateJob: () => void commands.execute(CREATE_JOB_COMMAND)
  });
  // predict on a file, deploy, batch transform: from a model-details tab
  const use = candidateActions({
    client,
    trans,
    chooseCsv: async () => {
      const title = trans.__('Choose a CSV file to predict on');
      if (docManager) {
        return chooseCsv(docManager, title);
      }
      const answer = await InputDialog.getText({
        title,
        label: trans.__('Path of a CSV file, relative to the Jupyter root'),
        placeholder: 'data/new.csv'
      });
      return answer.button.accept && answer.value ? answer.value.trim() : null;
    },
    open: path => void commands.execute('docmanager:open', { path })
  });
  registerCompare(app, {
    client,
    trans,
    openCandidate: (source, job, candidate) =>
      void commands.execute(CommandIDs.openModelDetails, {
        source,
        job,
        candidate
      })
  });
  registerCreateJob(app, {
    client,
    trans,
    fileBrowser,
    docManager,
    onCreated: (source, job) => {
      sidebar.refresh();
      void commands.execute(CommandIDs.describeJob, { source, job: job.name });
    }
  });
  sidebar.title.icon = autopilotIcon;
  sidebar.title.caption = trans.__('SageMaker resources (Autopilot)');
  shell.add(sidebar, 'left', { rank: 850 });
  if (restorer) {
    restorer.add(sidebar, sidebar.id);
  }

  if (settingRegistry) {
    try {
      const s = await settingRegistry.load(PLUGIN_ID);
      const apply = () => {
        const before = settings.defaultSource;
        settings = readSettings(s.composite as Record<string, unknown>);
        if (before !== settings.defaultSource) {
          sidebar.update();
        }
        jobTracker.forEach(w => w.content.update());
      };
      apply();
      s.changed.connect(apply);
    } catch (reason) {
      console.warn('jupyter-autopilot: could not load settings', reason);
    }
  }

  const openNotebook = (source: string, job: string, kind: NotebookKind) =>
    // one copy per source and job: a local job and an AWS job of the same name never share one
    openWorkspaceNotebook(
      `autopilot/${source}/${job}/${NOTEBOOK_FILES[kind]}`,
      {
        contents: app.serviceManager.contents,
        fetchNotebook: () => client.notebook(source, job, kind),
        open: async path =>
          (await commands.execute('docmanager:open', {
            path
          })) as IOpenedDocument,
        isOpen: path =>
          Array.from(shell.widgets('main')).some(
            w => (w as { context?: { path?: string } }).context?.path === path
          ),
        onExisting: path => {
          Notification.info(
            trans.__('Opening the copy already in your workspace: %1', path),
            {
              autoClose: 4000
            }
          );
        }
      }
    );

  const openJob = (
    source: string,
    job: string,
    activate = true,
    trials?: Partial<ITrialsViewState>
  ) => {
    const id = jobWidgetId(source, job);
    const existing = jobTracker.find(w => w.id === id);
    if (existing) {
      if (activate) {
        shell.activateById(existing.id);
      }
      return existing;
    }
    const content = new JobPanel({
      client,
      source,
      job,
      trans,
      settings: getSettings,
      onOpenCandidate: candidate => {
        void commands.execute(CommandIDs.openModelDetails, {
          source,
          job,
          candidate
        });
      },
      notebooks: { open: kind => openNotebook(source, job, kind) },
      onShowTab: () => shell.activateById(id),
      confirmStop: j => confirmStop(j, trans),
      onCompare: candidates =>
        void commands.execute(COMPARE_COMMAND, { source, job, candidates }),
      trials,
      // the layout keeps the trials table's state: it comes back after a reload
      onStateChange: () => void jobTracker.save(widget)
    });
    const widget = new MainAreaWidget({ content });
    widget.id = id;
    widget.title.label = job;
    widget.title.caption = trans.__('Autopilot job %1 (%2)', job, source);
    widget.title.icon = autopilotIcon;
    widget.title.closable = true;
    widget.addClass('jp-autopilot-main');
    void jobTracker.add(widget);
    shell.add(widget, 'main');
    if (activate) {
      shell.activateById(widget.id);
    }
    return widget;
  };

  const openCandidate = (
    source: string,
    job: string,
    candidate: string,
    activate = true,
    tab?: CandidateTab
  ) => {
    const id = candidateWidgetId(source, job, candidate);
    const existing = candidateTracker.find(w => w.id === id);
    if (existing) {
      if (activate) {
        shell.activateById(existing.id);
      }
      return existing;
    }
    const content = new CandidatePanel({
      client,
      source,
      job,
      candidate,
      trans,
      settings: getSettings,
      onOpenJob: () => {
        void commands.execute(CommandIDs.describeJob, { source, job });
      },
      tab,
      // the layout keeps the subtab shown: it comes back after a reload
      onStateChange: () => void candidateTracker.save(widget),
      use
    });
    const widget = new MainAreaWidget({ content });
    widget.id = id;
    // what tells candidates apart first (their names start with the job's), then the job
    widget.title.label = candidateTabLabel(job, candidate);
    widget.title.caption = trans.__(
      'Model details: %1 (job %2)',
      candidate,
      job
    );
    widget.title.icon = autopilotIcon;
    widget.title.closable = true;
    widget.addClass('jp-autopilot-main');
    void candidateTracker.add(widget);
    shell.add(widget, 'main');
    if (activate) {
      shell.activateById(widget.id);
    }
    return widget;
  };

  /** The job-item element the context menu was opened on, if any. */
  const jobTarget = () =>
    app.contextMenuHitTest(node =>
      node.classList.contains('jp-autopilot-job-item')
    );
  const trialTarget = () =>
    app.contextMenuHitTest(node =>
      node.classList.contains('jp-autopilot-trial-row')
    );

  commands.addCommand(CommandIDs.openSidebar, {
    label: trans.__('Show SageMaker Resources (Autopilot)'),
    caption: trans.__('Open the Autopilot jobs sidebar'),
    icon: args => (args['isPalette'] ? undefined : autopilotIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      shell.activateById(sidebar.id);
    }
  });

  commands.addCommand(CommandIDs.describeJob, {
    label: args =>
      args['job']
        ? trans.__('Describe AutoML Job %1', String(args['job']))
        : trans.__('Describe AutoML Job'),
    caption: trans.__('Open the Autopilot job tab'),
    icon: args => (args['isPalette'] ? undefined : autopilotIcon),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          source: {
            type: 'string',
            description: trans.__(
              'Job source: "local" or "aws" (default: the setting)'
            )
          },
          job: {
            type: 'string',
            description: trans.__('AutoML job name (asked for when absent)')
          }
        }
      }
    },
    execute: async args => {
      let source =
        typeof args['source'] === 'string' ? (args['source'] as string) : '';
      let job = typeof args['job'] === 'string' ? (args['job'] as string) : '';
      if (!job) {
        const node = jobTarget();
        if (node) {
          job = node.dataset.jobName || '';
          source = source || node.dataset.source || '';
        }
      }
      source = source || settings.defaultSource;
      // the server's job-name rule (jupyter_autopilot/names.py), read from GET sources
      const rules = await client.uiSettings().catch(() => null);
      const valid = (name: string) =>
        !rules || new RegExp(`^(?:${rules.jobNamePattern})$`).test(name);
      if (job && !valid(job)) {
        Notification.error(
          trans.__('"%1" is not a valid AutoML job name.', job)
        );
        return;
      }
      // asked for: the prompt says what is wrong with a name (malformed, no such job) and asks again
      let problem = '';
      let typed = '';
      while (!job) {
        const label = trans.__('AutoML job name (source: %1)', source);
        const result = await InputDialog.getText({
          title: trans.__('Describe AutoML Job'),
          label: problem ? `${problem} ${label}` : label,
          text: typed,
          okLabel: trans.__('Open')
        });
        if (!result.button.accept || !result.value) {
          return;
        }
        typed = result.value.trim();
        if (!valid(typed)) {
          problem = trans.__('"%1" is not a valid AutoML job name.', typed);
          continue;
        }
        try {
          await client.job(source, typed);
          job = typed;
        } catch (error) {
          if (error instanceof AutopilotApiError && error.status === 404) {
            problem = error.message;
            continue;
          }
          Notification.error(
            error instanceof Error ? error.message : String(error)
          );
          return;
        }
      }
      const trials =
        args['trials'] && typeof args['trials'] === 'object'
          ? (args['trials'] as Partial<ITrialsViewState>)
          : undefined;
      return openJob(source, job, true, trials);
    }
  });

  commands.addCommand(CommandIDs.openModelDetails, {
    label: trans.__('Open in model details'),
    caption: trans.__('Open the model details of an Autopilot candidate'),
    icon: launchIcon,
    describedBy: {
      args: {
        type: 'object',
        properties: {
          source: { type: 'string', description: trans.__('Job source') },
          job: { type: 'string', description: trans.__('AutoML job name') },
          candidate: {
            type: 'string',
            description: trans.__(
              'Candidate name (default: the trial right-clicked)'
            )
          }
        }
      }
    },
    execute: args => {
      let source =
        typeof args['source'] === 'string' ? (args['source'] as string) : '';
      let job = typeof args['job'] === 'string' ? (args['job'] as string) : '';
      let candidate =
        typeof args['candidate'] === 'string'
          ? (args['candidate'] as string)
          : '';
      if (!candidate) {
        const node = trialTarget();
        if (node) {
          candidate = node.dataset.candidate || '';
          job = job || node.dataset.jobName || '';
          source = source || node.dataset.source || '';
        }
      }
      if (!candidate || !job) {
        Notification.warning(
          trans.__('Select a trial in an Autopilot job tab first.')
        );
        return;
      }
      const tab = CANDIDATE_TABS.find(t => t === args['tab']);
      return openCandidate(
        source || settings.defaultSource,
        job,
        candidate,
        true,
        tab
      );
    }
  });

  commands.addCommand(CommandIDs.refresh, {
    label: trans.__('Refresh Autopilot Views'),
    caption: trans.__('Re-fetch the jobs list and the open job tabs'),
    icon: args => (args['isPalette'] ? undefined : refreshIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      sidebar.refresh();
      jobTracker.forEach(w => w.content.refresh());
      candidateTracker.forEach(w => w.content.refresh());
    }
  });

  /** The Python snippet of the current main-area tab when it is an Autopilot tab, else null. */
  const currentSnippet = (): string | null => {
    const current = shell.currentWidget;
    if (!current) {
      return null;
    }
    const jobWidget = jobTracker.find(w => w === current);
    if (jobWidget) {
      return jobPythonSnippet(jobWidget.content.source, jobWidget.content.job);
    }
    const candWidget = candidateTracker.find(w => w === current);
    if (candWidget) {
      const c = candWidget.content;
      return candidatePythonSnippet(c.source, c.job, c.candidate);
    }
    return null;
  };

  commands.addCommand(CommandIDs.copyPython, {
    label: trans.__('Copy Python for the Current Autopilot Tab'),
    caption: trans.__(
      'Copy Python code that shows the current Autopilot tab in a notebook'
    ),
    icon: args => (args['isPalette'] ? undefined : copyIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    isEnabled: () => currentSnippet() !== null,
    execute: async () => {
      const snippet = currentSnippet();
      if (snippet === null) {
        return;
      }
      try {
        await copyText(snippet);
        Notification.success(trans.__('Copied'), { autoClose: 1500 });
      } catch (reason) {
        Notification.error(trans.__('Could not copy to the clipboard.'));
      }
    }
  });

  if (palette) {
    const category = trans.__('Autopilot');
    for (const command of [
      CommandIDs.openSidebar,
      CREATE_JOB_COMMAND,
      CommandIDs.describeJob,
      CommandIDs.refresh,
      CommandIDs.copyPython
    ]) {
      palette.addItem({ command, category, args: { isPalette: true } });
    }
  }

  // the sidebar selects the job of the current Autopilot tab
  jobTracker.currentChanged.connect((_, w) =>
    sidebar.setActiveJob(
      w ? { source: w.content.source, job: w.content.job } : null
    )
  );
  candidateTracker.currentChanged.connect((_, w) =>
    sidebar.setActiveJob(
      w ? { source: w.content.source, job: w.content.job } : null
    )
  );

  if (restorer) {
    void restorer.restore(jobTracker, {
      command: CommandIDs.describeJob,
      args: w => ({
        source: w.content.source,
        job: w.content.job,
        ...(w.content.trials
          ? { trials: w.content.trials as unknown as ReadonlyJSONObject }
          : {})
      }),
      name: w => `${w.content.source}:${w.content.job}`
    });
    void restorer.restore(candidateTracker, {
      command: CommandIDs.openModelDetails,
      args: w => ({
        source: w.content.source,
        job: w.content.job,
        candidate: w.content.candidate,
        tab: w.content.tab
      }),
      name: w => `${w.content.source}:${w.content.job}:${w.content.candidate}`
    });
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'SageMaker Autopilot jobs, leaderboards and model details in JupyterLab.',
  autoStart: true,
  optional: [
    ICommandPalette,
    ILayoutRestorer,
    ISettingRegistry,
    ITranslator,
    IDefaultFileBrowser,
    IDocumentManager
  ],
  activate
};

export default plugin;
