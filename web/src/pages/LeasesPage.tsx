import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Lease } from '../api/types.ts';
import { Panel } from '../components/Panel.tsx';
import { BookingForm, type RangeInput } from '../leases/BookingForm.tsx';
import { addDays, fromLocalInput, snap, toLocalInput, weekStart } from '../leases/calendar.ts';
import { useBookableSlices, useNodeChoices } from '../leases/choices.ts';
import type { CalendarLease } from '../leases/LeaseBlock.tsx';
import { LeaseEditor } from '../leases/LeaseEditor.tsx';
import { MyLeases } from '../leases/MyLeases.tsx';
import { holds } from '../leases/nodes.ts';
import { useLocalChanges, useRangeLeases } from '../leases/useRangeLeases.ts';
import { WeekBar } from '../leases/WeekBar.tsx';
import { WeekCalendar } from '../leases/WeekCalendar.tsx';
import { dayParam, nodeParam, parseDay } from '../leases/week-route.ts';
import type { LiveData } from '../live/live-data.ts';
import { useNow } from '../live/useNow.ts';
import { atLeast, useSessionContext } from '../session/context.ts';
import { type Route, replaceParams } from '../session/routing.ts';

/**
 * The lease grain until the server says otherwise: Rig's default, as R2lab's (600 s). A
 * booking refused as misaligned names the server's grain (details.grainSeconds); the page
 * adopts it.
 */
const DEFAULT_GRAIN_MS = 600_000;

interface Props {
  data: LiveData;
  route: Route;
}

function defaultRange(now: number): RangeInput {
  const from = snap(now, DEFAULT_GRAIN_MS, 'ceil');
  return { from: toLocalInput(from), until: toLocalInput(from + 3_600_000) };
}

/** The week calendar of leases: see who books what, book, and change one's own leases. */
export function LeasesPage({ data, route }: Props) {
  const { me, api } = useSessionContext();
  const now = useNow(30_000);
  const week = weekStart(parseDay(route.params.get('week')) ?? now);
  const weekEnd = addDays(week, 7);
  const node = nodeParam(route.params.get('node'));
  const operator = atLeast(me.role, 'operator');

  const [range, setRange] = useState<RangeInput>(() => defaultRange(Date.now()));
  const [draftShown, setDraftShown] = useState(false);
  const [selectedId, setSelectedId] = useState<number | undefined>(undefined);
  const [conflicts, setConflicts] = useState<number[]>([]);
  const [grainMs, setGrainMs] = useState(DEFAULT_GRAIN_MS);
  // The server's booking grain; until it answers (or if it cannot), 600 s as R2lab's.
  useEffect(() => {
    let live = true;
    api
      .get<{ grain_seconds: number }>('/api/v1/leases/rules')
      .then((rules) => live && rules.grain_seconds > 0 && setGrainMs(rules.grain_seconds * 1000))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [api]);
  const [local, rememberLocal] = useLocalChanges();

  const bookable = useBookableSlices(api, me);
  const nodes = useNodeChoices(data.devices.node);
  const presetNodes = useMemo(() => (node === undefined ? undefined : [node]), [node]);

  const { leases, error } = useRangeLeases(api, data, local, week, weekEnd);
  const items = useMemo<CalendarLease[]>(
    () =>
      leases
        .filter((lease) => node === undefined || holds(lease, node))
        .map((lease) => ({
          id: lease.id,
          from: Date.parse(lease.t_from),
          until: Date.parse(lease.t_until),
          lease,
          mine: me.slices.includes(lease.slice),
        })),
    [leases, node, me.slices],
  );
  const known = useCallback(
    (id: number | undefined) =>
      id === undefined || local.gone.has(id) || data.leasesGone.has(id)
        ? undefined
        : (leases.find((l) => l.id === id) ?? local.leases.get(id) ?? data.leases.get(id)),
    [leases, local, data.leases, data.leasesGone],
  );
  const selected = known(selectedId);

  const goToWeek = useCallback(
    (ms: number | undefined) => replaceParams(route, { week: ms === undefined ? undefined : dayParam(ms) }),
    [route],
  );
  // A lease outside the week shown (named by a refusal, or in "My leases"): go to its week.
  const reveal = useCallback(
    (id: number | undefined) => {
      const lease = known(id);
      if (lease && (Date.parse(lease.t_until) <= week || Date.parse(lease.t_from) >= weekEnd))
        goToWeek(Date.parse(lease.t_from));
    },
    [known, week, weekEnd, goToWeek],
  );
  const open = useCallback(
    (id: number) => {
      setSelectedId(id);
      reveal(id);
    },
    [reveal],
  );
  const showConflicts = useCallback(
    (ids: number[]) => {
      setConflicts(ids);
      reveal(ids[0]);
    },
    [reveal],
  );
  const remember = useCallback(
    (lease: Lease | undefined, id: number) => {
      rememberLocal(lease, id);
      if (!lease) setSelectedId(undefined);
    },
    [rememberLocal],
  );

  return (
    <main className="leases-page">
      <div className="leases-main">
        <WeekBar
          week={week}
          now={now}
          node={node}
          nodes={nodes}
          onWeek={goToWeek}
          onNode={(id) => replaceParams(route, { node: id === undefined ? undefined : String(id) })}
        />
        {error && !/404/.test(error.message) && (
          <p className="error-note" role="alert">
            Could not read the leases of this week: {error.message}
          </p>
        )}
        <WeekCalendar
          weekStart={week}
          items={items}
          draft={
            draftShown ? { from: fromLocalInput(range.from), until: fromLocalInput(range.until) } : undefined
          }
          selectedId={selectedId}
          conflictIds={conflicts}
          grainMs={grainMs}
          now={now}
          onOpen={open}
          onSelectRange={(from, until) => {
            setRange({ from: toLocalInput(from), until: toLocalInput(until) });
            setDraftShown(true);
            setSelectedId(undefined);
            setConflicts([]);
          }}
        />
      </div>
      <div className="side">
        {selected && (
          <Panel title={`Lease ${selected.id}`} className="lease-panel">
            <LeaseEditor
              key={selected.id}
              lease={selected}
              editable={operator || me.slices.includes(selected.slice)}
              grainMs={grainMs}
              now={now}
              onChanged={remember}
              onConflict={showConflicts}
              onClose={() => setSelectedId(undefined)}
            />
          </Panel>
        )}
        <Panel title="Book a lease">
          <BookingForm
            slices={bookable}
            nodes={nodes}
            grainMs={grainMs}
            range={range}
            onRange={(next) => {
              setRange(next);
              setDraftShown(true);
            }}
            presetNodes={presetNodes}
            onBooked={(lease) => {
              remember(lease, lease.id);
              setDraftShown(false);
              setSelectedId(lease.id);
            }}
            onConflict={showConflicts}
            onGrain={setGrainMs}
            onShowLease={open}
          />
        </Panel>
        <MyLeases
          leases={data.leases}
          local={local}
          mySlices={me.slices}
          now={now}
          selectedId={selectedId}
          onOpen={open}
        />
      </div>
    </main>
  );
}
