/**
 * The Compare tab: the command that opens it (from the trials table's
 * "Compare" button, or with arguments) and the widget that holds the view.
 */
import * as React from 'react';
import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { AutopilotClient } from './api';
import { TransContext } from './components/common/common';
import { CompareView } from './components/compare/CompareView';
import { autopilotIcon } from './lib/icons';

export const COMPARE_COMMAND = 'autopilot:compare';

export class ComparePanel extends ReactWidget {
  constructor(
    readonly options: {
      client: AutopilotClient;
      trans: TranslationBundle;
      source: string;
      job: string;
      candidates: string[];
      onOpenCandidate: (candidate: string) => void;
    }
  ) {
    super();
    this.addClass('jp-autopilot-panel');
    this.addClass('jp-autopilot-compare-tab');
  }

  render(): JSX.Element {
    return (
      <TransContext.Provider value={this.options.trans}>
        <CompareView
          client={this.options.client}
          source={this.options.source}
          job={this.options.job}
          candidates={this.options.candidates}
          onOpenCandidate={this.options.onOpenCandidate}
        />
      </TransContext.Provider>
    );
  }
}

export function registerCompare(
  app: JupyterFrontEnd,
  options: {
    client: AutopilotClient;
    trans: TranslationBundle;
    openCandidate: (source: string, job: string, candidate: string) => void;
  }
): void {
  const { trans } = options;
  app.commands.addCommand(COMPARE_COMMAND, {
    label: trans.__('Compare Candidates'),
    caption: trans.__('Candidates of an AutoML job side by side'),
    describedBy: {
      args: {
        type: 'object',
        required: ['job', 'candidates'],
        properties: {
          source: { type: 'string', enum: ['local', 'aws'] },
          job: { type: 'string' },
          candidates: { type: 'array', items: { type: 'string' } }
        }
      }
    },
    execute: args => {
      const source = String(args['source'] ?? 'local');
      const job = String(args['job'] ?? '');
      const candidates = Array.isArray(args['candidates'])
        ? (args['candidates'] as unknown[]).map(String)
        : [];
      const id = `autopilot-compare-${source}-${job}-${candidates.join('+')}`;
      const existing = Array.from(app.shell.widgets('main')).find(
        w => w.id === id
      );
      if (existing) {
        app.shell.activateById(id);
        return existing;
      }
      const content = new ComparePanel({
        client: options.client,
        trans,
        source,
        job,
        candidates,
        onOpenCandidate: candidate =>
          options.openCandidate(source, job, candidate)
      });
      const widget = new MainAreaWidget({ content });
      widget.id = id;
      widget.title.label = trans.__('Compare · %1', job);
      widget.title.caption = trans.__(
        'Compare %1 (job %2)',
        candidates.join(', '),
        job
      );
      widget.title.icon = autopilotIcon;
      widget.title.closable = true;
      widget.addClass('jp-autopilot-main');
      app.shell.add(widget, 'main');
      app.shell.activateById(id);
      return widget;
    }
  });
}
