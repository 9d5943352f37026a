import * as React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { TrialsTable } from '../components/job/TrialsTable';
import * as fx from './fixtures';
import { expectNoInjectedMarkup } from './helpers';

function rows(container: HTMLElement) {
  return Array.from(
    container.querySelectorAll('.jp-autopilot-trial-row')
  ) as HTMLElement[];
}

function names(container: HTMLElement) {
  return rows(container).map(r => r.dataset.candidate);
}

function renderTable(
  extra: Partial<React.ComponentProps<typeof TrialsTable>> = {}
) {
  return render(
    <TrialsTable
      candidates={fx.candidates.candidates}
      objective={fx.candidates.objective}
      bestCandidate="cand-best"
      source="local"
      jobName="demo-binary"
      {...extra}
    />
  );
}

describe('TrialsTable', () => {
  it('pins the best model with a badge and exposes data attributes for the context menu', () => {
    const { container } = renderTable();
    const r = rows(container);
    expect(r[0].dataset.candidate).toBe('cand-best');
    expect(r[0].dataset.jobName).toBe('demo-binary');
    expect(r[0].dataset.source).toBe('local');
    expect(within(r[0]).getByText('Best')).toBeTruthy();
    expect(r[0].classList.contains('jp-autopilot-best')).toBe(true);
    expect(screen.getByText('Objective: F1 (maximize)')).toBeTruthy();
  });

  it('renders hostile strings as literal text', () => {
    const { container } = renderTable();
    expect(screen.getAllByText(fx.HOSTILE).length).toBeGreaterThan(0);
    expectNoInjectedMarkup(container);
  });

  it('sorts by any column with aria-sort, the best model staying on top', () => {
    const { container } = renderTable();
    const header = screen.getByRole('columnheader', { name: /Objective/ });
    expect(header.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(header).getByRole('button'));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(names(container)).toEqual([
      'cand-best',
      'cand-b',
      'cand-a',
      fx.HOSTILE,
      'cand-none'
    ]);
    fireEvent.click(within(header).getByRole('button'));
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    expect(names(container)).toEqual([
      'cand-best',
      fx.HOSTILE,
      'cand-a',
      'cand-b',
      'cand-none'
    ]);
    const nameHeader = screen.getByRole('columnheader', { name: /Trial name/ });
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(header.getAttribute('aria-sort')).toBe('none');
    expect(names(container)[0]).toBe('cand-best');
  });

  it('filters by status and text, with an empty state', () => {
    const { container } = renderTable();
    fireEvent.change(screen.getByLabelText('Filter by status'), {
      target: { value: 'Failed' }
    });
    expect(names(container)).toEqual([fx.HOSTILE]);
    fireEvent.change(screen.getByLabelText('Filter by status'), {
      target: { value: '' }
    });
    fireEvent.change(screen.getByLabelText(/Filter trials/), {
      target: { value: 'nothing-matches' }
    });
    expect(rows(container)).toHaveLength(0);
    expect(screen.getByText('No trials match the filter.')).toBeTruthy();
    expect(screen.getByText('0 of 5 trials')).toBeTruthy();
  });

  it('shows an empty state for a job without trials', () => {
    render(<TrialsTable candidates={[]} source="local" jobName="j" />);
    expect(screen.getByText('This job has no trials yet.')).toBeTruthy();
  });

  it('toggles between Validation and Train metrics', () => {
    renderTable();
    expect(screen.getByRole('columnheader', { name: 'AUC' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(screen.queryByRole('columnheader', { name: 'AUC' })).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'F1' })).toBeTruthy();
  });

  it('is keyboard navigable: arrows select, Enter opens model details', () => {
    const onOpen = jest.fn();
    const { container } = renderTable({ onOpen });
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(rows(container)[0].getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(rows(container)[1].getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('cand-b');
    fireEvent.keyDown(grid, { key: 'End' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenLastCalledWith('cand-none');
    fireEvent.doubleClick(rows(container)[2]);
    expect(onOpen).toHaveBeenLastCalledWith('cand-a');
  });

  it('keeps the selection, sort and scroll when the data refresh', () => {
    const { container, rerender } = renderTable();
    const header = screen.getByRole('columnheader', { name: /Objective/ });
    fireEvent.click(within(header).getByRole('button'));
    fireEvent.click(rows(container)[2]);
    const grid = screen.getByRole('grid');
    grid.scrollTop = 10;
    const refreshed = fx.candidates.candidates.map(c => ({
      ...c,
      metrics: [...c.metrics]
    }));
    rerender(
      <TrialsTable
        candidates={refreshed}
        objective={fx.candidates.objective}
        bestCandidate="cand-best"
        source="local"
        jobName="demo-binary"
      />
    );
    expect(screen.getByRole('grid')).toBe(grid);
    expect(grid.scrollTop).toBe(10);
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(rows(container)[2].getAttribute('aria-selected')).toBe('true');
    expect(rows(container)[2].dataset.candidate).toBe('cand-a');
  });

  it('virtualises 750 rows', () => {
    const many = fx.manyCandidates(750);
    const { container } = render(
      <TrialsTable
        candidates={many}
        bestCandidate="cand-0749"
        source="local"
        jobName="big"
      />
    );
    const shown = rows(container);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0].dataset.candidate).toBe('cand-0749');
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('751');
    const grid = screen.getByRole('grid');
    act(() => {
      grid.scrollTop = 30 * 700;
      fireEvent.scroll(grid);
    });
    const after = rows(container).map(r => r.dataset.candidate);
    expect(after).toContain('cand-0700');
    expect(after).not.toContain('cand-0000');
    // the best model stays pinned (sticky) whatever the scroll position
    expect(after[0]).toBe('cand-0749');
    expect(rows(container)[0].classList.contains('jp-autopilot-pinned')).toBe(
      true
    );
    expect(rows(container).length).toBeLessThan(60);
  });

  it('copies the leaderboard as CSV', async () => {
    const writeText = jest.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    renderTable();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy as CSV' }));
    });
    expect(writeText).toHaveBeenCalledTimes(1);
    const csv = (writeText.mock.calls[0] as any[])[0] as string;
    expect(csv.split('\r\n')[0]).toContain('Trial name');
    expect(csv.split('\r\n')[1].startsWith('cand-best,')).toBe(true);
  });

  it('downloads the leaderboard as CSV', () => {
    const createObjectURL = jest.fn(() => 'blob:x');
    (URL as any).createObjectURL = createObjectURL;
    (URL as any).revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    renderTable();
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});
