/**
 * The texts of the server's charts (jupyter_autopilot/service/figures.py), as
 * message ids the translation tools find: the server writes them in English,
 * the UI shows them translated. Texts not listed here (data-dependent titles)
 * go through the bundle as they are.
 */
import { TranslationBundle } from '@jupyterlab/translation';

export function chartTextTranslator(
  trans: TranslationBundle
): (text: string) => string {
  const known: Record<string, string> = {
    'Aggregated SHAP values (feature importance)': trans.__(
      'Aggregated SHAP values (feature importance)'
    ),
    'mean |SHAP value|': trans.__('mean |SHAP value|'),
    'mean |SHAP|': trans.__('mean |SHAP|'),
    'Confusion matrix': trans.__('Confusion matrix'),
    'Confusion matrix (row-normalised)': trans.__(
      'Confusion matrix (row-normalised)'
    ),
    'Predicted label': trans.__('Predicted label'),
    'Actual label': trans.__('Actual label'),
    count: trans.__('count'),
    'share of actual': trans.__('share of actual'),
    'False positive rate': trans.__('False positive rate'),
    'True positive rate': trans.__('True positive rate'),
    chance: trans.__('chance'),
    'Precision-recall curve': trans.__('Precision-recall curve'),
    'precision-recall': trans.__('precision-recall'),
    Recall: trans.__('Recall'),
    Precision: trans.__('Precision'),
    "SHAP across candidates (share of each candidate's total)": trans.__(
      "SHAP across candidates (share of each candidate's total)"
    ),
    "SHAP across the top candidates (share of each candidate's total)":
      trans.__(
        "SHAP across the top candidates (share of each candidate's total)"
      ),
    'share of mean |SHAP|': trans.__('share of mean |SHAP|'),
    Predicted: trans.__('Predicted'),
    Actual: trans.__('Actual'),
    'Actual − predicted': trans.__('Actual − predicted'),
    'actual = predicted': trans.__('actual = predicted'),
    rows: trans.__('rows'),
    'mean prediction': trans.__('mean prediction'),
    'share of rows': trans.__('share of rows')
  };
  return text => known[text] ?? trans.__(text);
}
