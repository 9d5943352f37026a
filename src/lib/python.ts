/**
 * Python snippets that reproduce a view in a notebook (the "Copy Python" buttons and the
 * autopilot:copy-python command). Every name goes in as a JSON string literal, which is also a
 * valid Python string literal: a name is never concatenated into code as it is.
 */

const IMPORT = 'from jupyter_autopilot import AutoMLJob';

function jobExpr(source: string, job: string): string {
  return `AutoMLJob(${JSON.stringify(job)}, source=${JSON.stringify(source)})`;
}

/** The job tab: the job and its leaderboard. */
export function jobPythonSnippet(source: string, job: string): string {
  return `${IMPORT}\njob = ${jobExpr(source, job)}\njob.leaderboard()`;
}

/** The model-details tab: the candidate and its SHAP chart. */
export function candidatePythonSnippet(
  source: string,
  job: string,
  candidate: string
): string {
  return `${IMPORT}\ncand = ${jobExpr(source, job)}.candidate(${JSON.stringify(candidate)})\ncand.shap_figure()`;
}
