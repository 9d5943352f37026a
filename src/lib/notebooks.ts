/**
 * Open a job's notebook (data exploration / candidate definition) from the workspace copy:
 * fetched through the server, saved with the contents manager, opened with `docmanager:open`,
 * and left clean (not dirty) once JupyterLab has filled in what it adds on open.
 */

/** The slice of the contents manager used here. */
export interface INotebookContents {
  get(path: string, options?: { content?: boolean }): Promise<unknown>;
  save(path: string, options: Record<string, unknown>): Promise<unknown>;
}

/** What `docmanager:open` gives back for a notebook (a NotebookPanel), as far as used here. */
export interface IOpenedDocument {
  /** True once the tab is closed. */
  isDisposed?: boolean;
  context?: {
    ready: Promise<void>;
    model: { dirty: boolean; toJSON(): unknown };
    save(): Promise<void>;
    /** True once the document is closed (e.g. "close and discard"). */
    isDisposed?: boolean;
  };
  sessionContext?: {
    ready: Promise<void>;
    session?: { kernel?: { info: Promise<unknown> } | null } | null;
  };
}

export interface IOpenNotebookOptions {
  contents: INotebookContents;
  /** The notebook JSON, from the server (the job's own record). */
  fetchNotebook: () => Promise<unknown>;
  /** `docmanager:open` on a path; resolves with the widget. */
  open: (path: string) => Promise<IOpenedDocument | undefined>;
  /** True when a document widget is already open on that path. */
  isOpen: (path: string) => boolean;
  /** Said when the workspace copy already exists and is opened as it is. */
  onExisting?: (path: string) => void;
  /** How long to wait for the kernel before leaving the notebook as it is (ms). */
  settleTimeout?: number;
}

const delay = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Whether `path` exists, read from its folder's listing (walking down from the
 * root): asking for a missing path would make the browser log a 404.
 */
async function exists(
  contents: INotebookContents,
  path: string
): Promise<boolean> {
  const parts = path.split('/').filter(Boolean);
  let dir = '';
  for (const part of parts) {
    const names = await childNames(contents, dir);
    if (names === null || !names.has(part)) {
      return false;
    }
    dir = dir ? `${dir}/${part}` : part;
  }
  return true;
}

/** The names in a folder, or null when it cannot be listed (not a folder). */
async function childNames(
  contents: INotebookContents,
  dir: string
): Promise<Set<string> | null> {
  try {
    const model = (await contents.get(dir, { content: true })) as {
      type?: string;
      content?: Array<{ name?: string }> | null;
    };
    if (model.type !== 'directory' || !Array.isArray(model.content)) {
      return null;
    }
    return new Set(model.content.map(c => String(c.name)));
  } catch {
    return null;
  }
}

/** Create each missing folder of `dir` (`a/b/c` → `a`, `a/b`, `a/b/c`). */
export async function ensureDirectories(
  contents: INotebookContents,
  dir: string
): Promise<void> {
  const parts = dir.split('/').filter(Boolean);
  let parent = '';
  for (const part of parts) {
    const path = parent ? `${parent}/${part}` : part;
    const names = await childNames(contents, parent);
    if (!names || !names.has(part)) {
      await contents.save(path, { type: 'directory' });
    }
    parent = path;
  }
}

function cellsOf(model: { toJSON(): unknown }): string {
  const json = model.toJSON() as { cells?: unknown } | null;
  return JSON.stringify(
    json && typeof json === 'object' ? (json.cells ?? null) : null
  );
}

/**
 * Once a freshly opened notebook has its kernel (JupyterLab then writes the kernel's
 * `language_info` / `kernelspec` into the metadata, which marks the model dirty), save it if
 * that is all that changed, so that it shows clean. A notebook whose cells changed meanwhile
 * (the person started editing) is left alone. Resolves with true when it saved.
 */
export async function keepClean(
  widget: IOpenedDocument,
  timeout = 60000
): Promise<boolean> {
  const context = widget.context;
  if (!context) {
    return false;
  }
  await context.ready;
  const cells = cellsOf(context.model);
  const settled = (async () => {
    const session = widget.sessionContext;
    if (session) {
      await session.ready;
      const kernel = session.session?.kernel;
      if (kernel) {
        await kernel.info;
      }
    }
    // the panel applies the kernel info in its own callback on the same promise: let it run
    await delay(50);
    return true;
  })().catch(() => true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<boolean>(
    resolve => (timer = setTimeout(() => resolve(false), timeout))
  );
  await Promise.race([settled, gaveUp]);
  clearTimeout(timer);
  if (widget.isDisposed || context.isDisposed) {
    return false; // closed meanwhile (e.g. "No Kernel", then close and discard): nothing to save
  }
  if (context.model.dirty && cellsOf(context.model) === cells) {
    try {
      await context.save();
    } catch {
      return false; // closed while saving: the person's choice stands, no error dialog
    }
    return true;
  }
  return false;
}

/**
 * Open the notebook at `path`: create it from the server's copy when the workspace has none,
 * open it, and leave it clean. Resolves once it is open (the clean-up goes on in the
 * background: a kernel may take a while, or ask which kernel to use).
 */
export async function openWorkspaceNotebook(
  path: string,
  options: IOpenNotebookOptions
): Promise<void> {
  const { contents } = options;
  if (await exists(contents, path)) {
    options.onExisting?.(path);
  } else {
    const notebook = await options.fetchNotebook();
    const dir = path.split('/').slice(0, -1).join('/');
    if (dir) {
      await ensureDirectories(contents, dir);
    }
    await contents.save(path, {
      type: 'notebook',
      format: 'json',
      content: notebook
    });
  }
  const wasOpen = options.isOpen(path);
  const widget = await options.open(path);
  if (widget && !wasOpen) {
    // a document already open may hold the person's edits: only a fresh one is tidied up
    void keepClean(widget, options.settleTimeout).catch(() => undefined);
  }
}
