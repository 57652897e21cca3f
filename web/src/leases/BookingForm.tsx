import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { Lease, LeaseCreate } from '../api/types.ts';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { useAction } from '../forms/useAction.ts';
import { useSessionContext } from '../session/context.ts';
import { duration, fromLocalInput } from './calendar.ts';
import { conflictIds, grainOf, readableError } from './conflict.ts';
import { NodesField } from './NodesField.tsx';
import { formatNodeSet, type NamedNode, parseNodeSet } from './nodes.ts';

export interface RangeInput {
  from: string;
  until: string;
}

interface Props {
  slices: readonly string[];
  nodes: readonly NamedNode[];
  grainMs: number;
  /** From and until, as datetime-local values; the calendar's selection fills them. */
  range: RangeInput;
  onRange: (range: RangeInput) => void;
  /** Nodes to propose (the calendar's node filter). */
  presetNodes: readonly (number | string)[] | undefined;
  onBooked: (lease: Lease) => void;
  /** The leases a refused booking overlaps (empty once the form changes or succeeds). */
  onConflict: (ids: number[]) => void;
  /** The server's grain, learnt from a refusal of misaligned times. */
  onGrain: (grainMs: number) => void;
  /** Opens a lease in the calendar (the one a refusal names). */
  onShowLease: (id: number) => void;
}

function check(range: RangeInput, grainMs: number): string | undefined {
  const from = fromLocalInput(range.from);
  const until = fromLocalInput(range.until);
  if (Number.isNaN(from) || Number.isNaN(until)) return 'Give a start and an end.';
  if (from % grainMs || until % grainMs)
    return `Leases start and end on ${grainMs / 60_000}-minute marks (…:00, …:${String(grainMs / 60_000).padStart(2, '0')}).`;
  if (until <= from) return 'The end must come after the start.';
  return undefined;
}

/** Books a lease: a slice of mine, the whole testbed or some nodes, from, until. */
export function BookingForm(props: Props) {
  const { slices, nodes, grainMs, range, onRange, presetNodes, onConflict } = props;
  const { api } = useSessionContext();
  const { busy, error, run, clear } = useAction();
  const [slice, setSlice] = useState(slices[0] ?? '');
  const [whole, setWhole] = useState(!presetNodes?.length);
  const [nodeText, setNodeText] = useState(presetNodes ? formatNodeSet(presetNodes) : '');
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const [conflicts, setConflicts] = useState<number[]>([]);

  useEffect(() => {
    if (!slices.includes(slice)) setSlice(slices[0] ?? '');
  }, [slices, slice]);
  // The calendar's node filter proposes its node.
  useEffect(() => {
    setWhole(!presetNodes?.length);
    setNodeText(presetNodes ? formatNodeSet(presetNodes) : '');
  }, [presetNodes]);

  const parsed = useMemo(() => parseNodeSet(nodeText, nodes), [nodeText, nodes]);
  const from = fromLocalInput(range.from);
  const until = fromLocalInput(range.until);
  const length = until > from ? duration(until - from) : undefined;
  const changed = () => {
    setInvalid(undefined);
    clear();
    setConflicts([]);
    onConflict([]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem =
      check(range, grainMs) ??
      (!whole && parsed.unknown.length ? `Unknown nodes: ${parsed.unknown.join(', ')}.` : undefined) ??
      (!whole && !parsed.ids.length ? 'Choose at least one node, or the whole testbed.' : undefined);
    setInvalid(problem);
    if (problem) return;
    const body: LeaseCreate = {
      slice,
      nodes: whole ? 'all' : parsed.ids,
      t_from: new Date(from).toISOString(),
      t_until: new Date(until).toISOString(),
    };
    setConflicts([]);
    onConflict([]);
    const lease = await run(async () => {
      try {
        return await api.post<Lease>('/api/v1/leases', body);
      } catch (caught) {
        setConflicts(conflictIds(caught));
        onConflict(conflictIds(caught));
        const grain = grainOf(caught);
        if (grain) props.onGrain(grain);
        throw caught;
      }
    });
    if (lease) props.onBooked(lease);
  };

  if (!slices.length)
    return (
      <p className="empty">
        You belong to no slice yet, and leases belong to slices: ask an operator to add you to one.
      </p>
    );

  return (
    <form className="form booking-form" onSubmit={submit} aria-label="Book a lease" noValidate>
      <Field label="Slice">
        <select
          value={slice}
          onChange={(event) => {
            setSlice(event.target.value);
            changed();
          }}
        >
          {slices.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </Field>
      <NodesField
        whole={whole}
        onWhole={(value) => {
          setWhole(value);
          changed();
        }}
        text={nodeText}
        onText={(value) => {
          setNodeText(value);
          changed();
        }}
        parsed={parsed}
      />
      <div className="form-row">
        <Field label="From">
          <input
            type="datetime-local"
            step={grainMs / 1000}
            value={range.from}
            onChange={(event) => {
              onRange({ ...range, from: event.target.value });
              changed();
            }}
          />
        </Field>
        <Field label="Until">
          <input
            type="datetime-local"
            step={grainMs / 1000}
            value={range.until}
            onChange={(event) => {
              onRange({ ...range, until: event.target.value });
              changed();
            }}
          />
        </Field>
      </div>
      {length && <p className="form-hint">Duration: {length}</p>}
      <ErrorNote error={invalid ? new Error(invalid) : readableError(error)}>
        {conflicts[0] !== undefined && (
          <button
            type="button"
            className="link-button"
            onClick={() => props.onShowLease(conflicts[0] as number)}
          >
            Show lease {conflicts[0]} in the calendar
          </button>
        )}
      </ErrorNote>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Booking…' : 'Book'}
      </button>
    </form>
  );
}
