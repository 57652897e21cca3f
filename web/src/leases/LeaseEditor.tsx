import { type FormEvent, useEffect, useState } from 'react';
import type { Lease } from '../api/types.ts';
import { ConfirmButton } from '../forms/ConfirmButton.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { useAction } from '../forms/useAction.ts';
import { useSessionContext } from '../session/context.ts';
import { duration, fromLocalInput, hourMinute, toLocalInput } from './calendar.ts';
import { conflictIds, readableError } from './conflict.ts';
import { describeNodes } from './nodes.ts';

interface Props {
  lease: Lease;
  /** The user may change it: a member of its slice, or an operator. */
  editable: boolean;
  grainMs: number;
  now: number;
  /** The server's answer to a change; undefined when the lease was deleted. */
  onChanged: (lease: Lease | undefined, id: number) => void;
  onConflict: (ids: number[]) => void;
  onClose: () => void;
}

const when = new Intl.DateTimeFormat(undefined, {
  hourCycle: 'h23',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

const sameDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();

/** One lease: what it holds and when; its slice's members extend, shorten or cancel it. */
export function LeaseEditor({ lease, editable, grainMs, now, onChanged, onConflict, onClose }: Props) {
  const { api } = useSessionContext();
  const { busy, error, run, clear } = useAction();
  const from = Date.parse(lease.t_from);
  const until = Date.parse(lease.t_until);
  const started = from <= now;
  const ended = until <= now;
  const [fromInput, setFromInput] = useState(toLocalInput(from));
  const [untilInput, setUntilInput] = useState(toLocalInput(until));
  // A live change (another tab, an operator) shows at once.
  useEffect(() => {
    setFromInput(toLocalInput(from));
    setUntilInput(toLocalInput(until));
  }, [from, until]);

  const shift = (ms: number) => {
    const next = fromLocalInput(untilInput) + ms;
    if (next > Math.max(now, from)) setUntilInput(toLocalInput(next));
    clear();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const change: { t_from?: string; t_until?: string } = {};
    const newFrom = fromLocalInput(fromInput);
    const newUntil = fromLocalInput(untilInput);
    if (!started && newFrom !== from) change.t_from = new Date(newFrom).toISOString();
    if (newUntil !== until) change.t_until = new Date(newUntil).toISOString();
    onConflict([]);
    const updated = await run(async () => {
      try {
        return await api.patch<Lease>(`/api/v1/leases/${lease.id}`, change);
      } catch (caught) {
        onConflict(conflictIds(caught));
        throw caught;
      }
    });
    if (updated) onChanged(updated, lease.id);
  };

  const cancel = async () => {
    let done = false;
    const answer = await run(async () => {
      const result = await api.delete<Lease | undefined>(`/api/v1/leases/${lease.id}`);
      done = true;
      return result;
    });
    // 204: deleted (it had not started); 200: a running lease, ended now.
    if (done) onChanged(answer, lease.id);
  };

  const state = ended ? 'ended' : started ? 'running' : 'upcoming';
  return (
    <div className="lease-editor" data-lease-id={lease.id}>
      <dl className="fields compact">
        <div className="field">
          <dt>Slice</dt>
          <dd>{lease.slice}</dd>
        </div>
        <div className="field">
          <dt>Nodes</dt>
          <dd>{describeNodes(lease)}</dd>
        </div>
        <div className="field">
          <dt>When</dt>
          <dd>
            {when.format(from)} → {sameDay(from, until) ? hourMinute(until) : when.format(until)} (
            {duration(until - from)}), <strong>{state}</strong>
          </dd>
        </div>
        {lease.created_by && (
          <div className="field">
            <dt>Booked by</dt>
            <dd>{lease.created_by}</dd>
          </div>
        )}
      </dl>
      {editable && !ended && (
        <form className="form" onSubmit={save} aria-label={`Change lease ${lease.id}`}>
          <div className="form-row">
            <Field label="From" hint={started ? 'Started: the start cannot move.' : undefined}>
              <input
                type="datetime-local"
                step={grainMs / 1000}
                value={fromInput}
                disabled={started}
                onChange={(event) => {
                  setFromInput(event.target.value);
                  clear();
                }}
              />
            </Field>
            <Field label="Until">
              <input
                type="datetime-local"
                step={grainMs / 1000}
                value={untilInput}
                onChange={(event) => {
                  setUntilInput(event.target.value);
                  clear();
                }}
              />
            </Field>
          </div>
          <div className="button-row">
            <button type="button" className="button" onClick={() => shift(-3_600_000)}>
              −1 h
            </button>
            <button type="button" className="button" onClick={() => shift(3_600_000)}>
              +1 h
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              Save
            </button>
          </div>
          <ErrorNote error={readableError(error)} />
          <div className="button-row end">
            <ConfirmButton
              label="Cancel lease"
              question={started ? 'End it now?' : 'Delete this lease?'}
              disabled={busy}
              onConfirm={() => void cancel()}
            />
          </div>
        </form>
      )}
      <button type="button" className="link-button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
