/**
 * A field of the "New AutoML job" form: its label, control, hint and error,
 * the control told which of them describe it.
 */
import * as React from 'react';

/** The messages of a field and the ones below it (security.vpcConfig.subnets under security). */
export function fieldError(
  errors: Record<string, string>,
  field: string
): string | null {
  const key = Object.keys(errors).find(
    k => k === field || k.startsWith(field + '.')
  );
  return key ? errors[key] : null;
}

export function Field(props: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string | null;
  /** Beside the control (a "Browse…" button). */
  after?: React.ReactNode;
  children: React.ReactElement;
}) {
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const described =
    [props.error ? errorId : '', props.hint ? hintId : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const control = React.cloneElement(props.children, {
    id: props.id,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': described
  });
  return (
    <div
      className={
        'jp-autopilot-form-field' +
        (props.error ? ' jp-autopilot-mod-invalid' : '')
      }
      data-field={props.id.replace(/^jp-autopilot-new-/, '')}
    >
      <label htmlFor={props.id}>{props.label}</label>
      {props.after ? (
        <div className="jp-autopilot-input-row">
          {control}
          {props.after}
        </div>
      ) : (
        control
      )}
      {props.hint ? (
        <div id={hintId} className="jp-autopilot-form-hint">
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <div id={errorId} className="jp-autopilot-form-error" role="alert">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}
