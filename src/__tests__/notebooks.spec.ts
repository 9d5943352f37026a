/**
 * A notebook opened from the job tab is saved through the contents manager, opened with
 * docmanager:open, and shows clean: the metadata JupyterLab writes once the kernel is up
 * (language_info) is saved, unless the person already changed a cell.
 */
import {
  IOpenedDocument,
  ensureDirectories,
  keepClean,
  openWorkspaceNotebook
} from '../lib/notebooks';

/** A contents manager over a set of paths (folders are the paths' prefixes, and those saved). */
function fakeContents(existing: string[] = []) {
  const files = new Set(existing);
  const isDir = (path: string) =>
    path === '' ||
    [...files].some(f => f.startsWith(`${path}/`)) ||
    (files.has(path) && !path.endsWith('.ipynb'));
  return {
    files,
    get: jest.fn(async (path: string) => {
      if (isDir(path)) {
        const prefix = path ? `${path}/` : '';
        const names = new Set(
          [...files]
            .filter(f => f.startsWith(prefix) && f !== path)
            .map(f => f.slice(prefix.length).split('/')[0])
        );
        return {
          type: 'directory',
          content: [...names].map(name => ({ name }))
        };
      }
      if (!files.has(path)) {
        throw new Error('404'); // the browser would log it
      }
      return { type: 'notebook' };
    }),
    save: jest.fn(async (path: string) => {
      files.add(path);
      return {};
    })
  };
}

/** A NotebookPanel stand-in whose kernel, once it answers, marks the model dirty (as JupyterLab does). */
function fakePanel(
  opts: { editBeforeKernel?: boolean; noKernel?: boolean } = {}
) {
  let cells = [{ cell_type: 'markdown', source: '# Data exploration' }];
  let resolveInfo: (v: unknown) => void = () => undefined;
  const info = new Promise(r => (resolveInfo = r));
  const model = { dirty: false, toJSON: () => ({ cells, metadata: {} }) };
  const context = {
    ready: Promise.resolve(),
    model,
    save: jest.fn(async () => {
      model.dirty = false;
    })
  };
  // the panel's own handler, registered first on the same promise
  void info.then(() => {
    model.dirty = true;
  });
  const widget: IOpenedDocument = {
    context,
    sessionContext: {
      ready: Promise.resolve(),
      session: opts.noKernel ? { kernel: null } : { kernel: { info } }
    }
  };
  return {
    widget,
    context,
    model,
    kernelAnswers: () => resolveInfo({}),
    edit: () => {
      cells = [{ cell_type: 'markdown', source: '# edited' }];
      model.dirty = true;
    }
  };
}

describe('keepClean', () => {
  it('saves a fresh notebook that only the kernel info made dirty', async () => {
    const p = fakePanel();
    const done = keepClean(p.widget);
    await Promise.resolve();
    p.kernelAnswers();
    expect(await done).toBe(true);
    expect(p.context.save).toHaveBeenCalledTimes(1);
    expect(p.model.dirty).toBe(false);
  });

  it('leaves a notebook whose cells were edited meanwhile', async () => {
    const p = fakePanel();
    const done = keepClean(p.widget);
    await new Promise(r => setTimeout(r, 0));
    p.edit();
    p.kernelAnswers();
    expect(await done).toBe(false);
    expect(p.context.save).not.toHaveBeenCalled();
    expect(p.model.dirty).toBe(true);
  });

  it('does nothing to a notebook that stays clean (no kernel)', async () => {
    const p = fakePanel({ noKernel: true });
    expect(await keepClean(p.widget)).toBe(false);
    expect(p.context.save).not.toHaveBeenCalled();
  });

  it('gives up waiting for a kernel that never comes (kernel dialog left open)', async () => {
    const p = fakePanel();
    expect(await keepClean(p.widget, 20)).toBe(false);
    expect(p.context.save).not.toHaveBeenCalled();
  });
});

describe('openWorkspaceNotebook', () => {
  const PATH =
    'autopilot/demo-binary/SageMakerAutopilotDataExplorationNotebook.ipynb';
  const NB = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };

  it('saves the server copy first (folders included), opens it, and it ends clean', async () => {
    const contents = fakeContents();
    const p = fakePanel();
    const order: string[] = [];
    contents.save.mockImplementation(async (path: string) => {
      order.push(`save ${path}`);
      contents.files.add(path);
      return {};
    });
    const open = jest.fn(async (path: string) => {
      order.push(`open ${path}`);
      return p.widget;
    });
    const fetchNotebook = jest.fn(async () => NB);
    await openWorkspaceNotebook(PATH, {
      contents,
      fetchNotebook,
      open,
      isOpen: () => false
    });
    expect(order).toEqual([
      'save autopilot',
      'save autopilot/demo-binary',
      `save ${PATH}`,
      `open ${PATH}`
    ]);
    expect(contents.save).toHaveBeenLastCalledWith(PATH, {
      type: 'notebook',
      format: 'json',
      content: NB
    });
    p.kernelAnswers();
    await new Promise(r => setTimeout(r, 100));
    expect(p.context.save).toHaveBeenCalledTimes(1);
    expect(p.model.dirty).toBe(false);
  });

  it('opens the copy already in the workspace as it is, without fetching it again', async () => {
    const contents = fakeContents(['autopilot', 'autopilot/demo-binary', PATH]);
    const onExisting = jest.fn();
    const fetchNotebook = jest.fn(async () => NB);
    const p = fakePanel();
    await openWorkspaceNotebook(PATH, {
      contents,
      fetchNotebook,
      open: async () => p.widget,
      isOpen: () => false,
      onExisting
    });
    expect(fetchNotebook).not.toHaveBeenCalled();
    expect(contents.save).not.toHaveBeenCalled();
    expect(onExisting).toHaveBeenCalledWith(PATH);
  });

  it('never saves a notebook that was already open (it may hold edits)', async () => {
    const contents = fakeContents([PATH]);
    const p = fakePanel();
    await openWorkspaceNotebook(PATH, {
      contents,
      fetchNotebook: async () => NB,
      open: async () => p.widget,
      isOpen: path => path === PATH
    });
    p.kernelAnswers();
    await new Promise(r => setTimeout(r, 100));
    expect(p.context.save).not.toHaveBeenCalled();
  });

  it('a notebook the server cannot give is not opened, and the error reaches the button', async () => {
    const contents = fakeContents();
    const open = jest.fn();
    await expect(
      openWorkspaceNotebook(PATH, {
        contents,
        fetchNotebook: async () => {
          throw new Error('The notebook is not in the job output.');
        },
        open,
        isOpen: () => false
      })
    ).rejects.toThrow('The notebook is not in the job output.');
    expect(open).not.toHaveBeenCalled();
  });
});

describe('ensureDirectories', () => {
  it('creates each missing folder once', async () => {
    const contents = fakeContents(['autopilot']);
    await ensureDirectories(contents, 'autopilot/job/sub');
    expect(contents.save.mock.calls.map(c => c[0])).toEqual([
      'autopilot/job',
      'autopilot/job/sub'
    ]);
  });

  it('never asks for a path that does not exist (no 404 in the browser console)', async () => {
    const contents = fakeContents([]);
    await openWorkspaceNotebook('autopilot/local/job/nb.ipynb', {
      contents,
      fetchNotebook: async () => ({ cells: [] }),
      open: async () => undefined,
      isOpen: () => false
    });
    for (const result of contents.get.mock.results) {
      await expect(result.value).resolves.toBeTruthy();
    }
    expect(contents.files.has('autopilot/local/job/nb.ipynb')).toBe(true);
  });
});

describe('keepClean after the tab is closed', () => {
  it('never saves a document closed meanwhile (no "File Save Error ... Disposed")', async () => {
    const save = jest.fn(async () => undefined);
    let resolveInfo: (v: unknown) => void = () => undefined;
    const info = new Promise(r => (resolveInfo = r));
    const context = {
      ready: Promise.resolve(),
      model: { dirty: false, toJSON: () => ({ cells: [] }) },
      save,
      isDisposed: false
    };
    const widget: IOpenedDocument = {
      context,
      sessionContext: {
        ready: Promise.resolve(),
        session: { kernel: { info } }
      }
    };
    const done = keepClean(widget, 1000);
    // the person closes the notebook and discards it; the document is disposed
    context.model.dirty = true;
    context.isDisposed = true;
    resolveInfo({});
    await expect(done).resolves.toBe(false);
    expect(save).not.toHaveBeenCalled();
  });
});
