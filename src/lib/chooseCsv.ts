/**
 * Choosing a CSV file under the Jupyter root with JupyterLab's own file
 * dialog (folders to walk through, .csv files to pick).
 */
import { IDocumentManager } from '@jupyterlab/docmanager';
import { FileDialog } from '@jupyterlab/filebrowser';

/** The path of the CSV the user picked (relative to the root), or null. */
export async function chooseCsv(
  docManager: IDocumentManager,
  title: string
): Promise<string | null> {
  const result = await FileDialog.getOpenFiles({
    manager: docManager,
    title,
    filter: model =>
      model.type === 'directory' || model.name.toLowerCase().endsWith('.csv')
        ? {}
        : null
  });
  const chosen = result.button.accept ? (result.value ?? []) : [];
  const file = chosen.find(m => m.type !== 'directory');
  return file ? file.path : null;
}
