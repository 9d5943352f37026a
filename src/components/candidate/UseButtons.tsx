/**
 * The model-details header's ways to use a candidate: "Predict on a file…"
 * for a local candidate, "Deploy…" and "Batch transform…" for an AWS one.
 */
import * as React from 'react';
import { ICandidateRef, IUseActions } from '../../lib/useDialogs';
import { useTrans } from '../common/common';

export function UseButtons(props: {
  candidate: ICandidateRef;
  actions: IUseActions;
  /** After an action ended (the Artifacts tab re-reads what was made). */
  onDone?: () => void;
}) {
  const trans = useTrans();
  const [busy, setBusy] = React.useState<string | null>(null);
  const { actions, candidate } = props;
  const run = (what: string, action?: (ref: ICandidateRef) => Promise<void>) =>
    action
      ? () => {
          setBusy(what);
          void action(candidate).finally(() => {
            setBusy(null);
            props.onDone?.();
          });
        }
      : undefined;
  const buttons: Array<[string, string, (() => void) | undefined]> =
    candidate.source === 'aws'
      ? [
          ['deploy', trans.__('Deploy…'), run('deploy', actions.deploy)],
          [
            'transform',
            trans.__('Batch transform…'),
            run('transform', actions.transform)
          ]
        ]
      : [
          [
            'predict',
            trans.__('Predict on a file…'),
            run('predict', actions.predictFile)
          ]
        ];
  return (
    <>
      {buttons
        .filter(([, , onClick]) => onClick)
        .map(([key, label, onClick]) => (
          <button
            key={key}
            type="button"
            className="jp-autopilot-button"
            disabled={busy !== null}
            onClick={onClick}
          >
            {label}
          </button>
        ))}
    </>
  );
}
