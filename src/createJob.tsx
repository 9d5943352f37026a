/**
 * "New AutoML job": the command (palette, sidebar button, right-click on a
 * CSV in the file browser) and the tab that holds the form.
 */
import * as React from 'react';
import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { FileBrowser } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, addIcon } from '@jupyterlab/ui-components';
import { AutopilotClient, IJob } from './api';
import { TransContext, defaultTrans } from './components/common/common';
import { NewJobForm } from './components/create/NewJobForm';
import { RunsOn } from './components/create/jobForm';
import { chooseCsv } from './lib/chooseCsv';
import { confirmAwsCreate } from './lib/confirm';

export const CREATE_JOB_COMMAND = 'autopilot:create-job';
/** The file browser's items the "Create AutoML job from this file…" entry is on. */
export const CSV_ITEM_SELECTOR = '.jp-DirListing-item[data-file-type="csv"]';

export class NewJobPanel extends ReactWidget {
  constructor(
    readonly options: {
      client: AutopilotClient;
      trans: TranslationBundle;
      input?: string;
      source?: RunsOn;
      browse: (() => Promise<string | null>) | null;
      onCreated: (source: RunsOn, job: IJob) => void;
    }
  ) {
    super();
    this.addClass('jp-autopilot-panel');
    this.addClass('jp-autopilot-new-job-panel');
  }

  render(): JSX.Element {
    const { trans } = this.options;
    return (
      <TransContext.Provider value={trans ?? defaultTrans}>
        <NewJobForm
          client={this.options.client}
          input={this.options.input}
          source={this.options.source}
          browse={this.options.browse}
          confirmAws={(request, region) =>
            confirmAwsCreate(request, region, trans)
          }
          onCreated={this.options.onCreated}
        />
      </TransContext.Provider>
    );
  }
}

export function registerCreateJob(
  app: JupyterFrontEnd,
  options: {
    client: AutopilotClient;
    trans: TranslationBundle;
    fileBrowser: FileBrowser | null;
    docManager: IDocumentManager | null;
    /** A job was created: open it, refresh the lists. */
    onCreated: (source: RunsOn, job: IJob) => void;
  }
): void {
  const { commands, shell } = app;
  const { trans, fileBrowser, docManager } = options;
  let count = 0;

  const browse = docManager
    ? () => chooseCsv(docManager, trans.__('Choose the training data (CSV)'))
    : null;

  /** The CSV selected in the file browser (the one right-clicked). */
  const selectedCsv = (): string => {
    if (!fileBrowser) {
      return '';
    }
    for (const item of fileBrowser.selectedItems()) {
      if (
        item.type !== 'directory' &&
        item.name.toLowerCase().endsWith('.csv')
      ) {
        return item.path;
      }
    }
    return '';
  };

  commands.addCommand(CREATE_JOB_COMMAND, {
    label: args =>
      args['fromFile']
        ? trans.__('Create AutoML Job from This File…')
        : trans.__('New AutoML Job…'),
    caption: trans.__(
      'Create an AutoML job on this machine or on SageMaker Autopilot'
    ),
    icon: args => (args['isPalette'] ? undefined : addIcon),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          input: {
            type: 'string',
            description: trans.__(
              'A CSV file relative to the Jupyter root, to start from'
            )
          },
          source: {
            type: 'string',
            enum: ['local', 'aws'],
            description: trans.__('Where the job runs (default: this machine)')
          }
        }
      }
    },
    execute: args => {
      const input =
        typeof args['input'] === 'string'
          ? (args['input'] as string)
          : args['fromFile']
            ? selectedCsv()
            : '';
      const source = args['source'] === 'aws' ? 'aws' : 'local';
      const content = new NewJobPanel({
        client: options.client,
        trans,
        input,
        source,
        browse,
        onCreated: (created, job) => {
          widget.dispose();
          options.onCreated(created, job);
        }
      });
      const widget = new MainAreaWidget({ content });
      widget.id = `autopilot-new-job-${++count}`;
      widget.title.label = trans.__('New AutoML job');
      widget.title.icon = addIcon;
      widget.title.closable = true;
      widget.addClass('jp-autopilot-main');
      shell.add(widget, 'main');
      shell.activateById(widget.id);
      return widget;
    }
  });

  app.contextMenu.addItem({
    command: CREATE_JOB_COMMAND,
    args: { fromFile: true },
    selector: CSV_ITEM_SELECTOR,
    rank: 20
  });
}
