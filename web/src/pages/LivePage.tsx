import { useCallback, useMemo, useRef, useState } from 'react';
import { ActivityPanel } from '../components/ActivityPanel.tsx';
import { DetailPanel } from '../components/DetailPanel.tsx';
import { DeviceListPanel } from '../components/DeviceListPanel.tsx';
import { InstrumentsPanel } from '../components/InstrumentsPanel.tsx';
import { NodesPanel } from '../components/NodesPanel.tsx';
import { holdersAt } from '../leases/holders.ts';
import { matchesFilter } from '../live/filter.ts';
import type { LiveData } from '../live/live-data.ts';
import { deviceKinds, idKey } from '../live/types.ts';
import { useNow } from '../live/useNow.ts';
import { type DeviceView, viewsOf } from '../live/views.ts';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const phoneSub = (view: DeviceView) => view.device?.model ?? undefined;
const pduSub = (view: DeviceView) =>
  [text(view.status?.label) ?? text(view.device?.attributes.label), view.device?.model]
    .filter(Boolean)
    .join(' · ');
const switchSub = (view: DeviceView) =>
  [view.device?.model, view.device?.addresses.hostname].filter(Boolean).join(' · ') || undefined;

interface Props {
  data: LiveData;
  filter: string;
  mySlices: readonly string[];
}

/** The live lab: the node grid, the other devices, recent activity, and a device's details. */
export function LivePage({ data, filter, mySlices }: Props) {
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const opener = useRef<HTMLElement | null>(null);
  // Leases start and end on the grain: a check every 15 s keeps holders current enough
  // between the leaseStarted/leaseEnded events that also refresh them.
  const now = useNow(15_000);
  const holders = useMemo(() => holdersAt(data.leases.values(), now), [data.leases, now]);
  const holderOf = useCallback(
    (view: DeviceView) =>
      view.kind === 'node' ? (holders.byNode.get(idKey(view.id)) ?? holders.all) : undefined,
    [holders],
  );

  const all = useMemo(
    () => ({
      node: viewsOf(data, 'node'),
      phone: viewsOf(data, 'phone'),
      pdu: viewsOf(data, 'pdu'),
      switch: viewsOf(data, 'switch'),
      instrument: viewsOf(data, 'instrument'),
    }),
    [data],
  );
  const shown = useMemo(() => {
    const keep = (views: DeviceView[]) =>
      filter.trim() ? views.filter((v) => matchesFilter(v, filter)) : views;
    return {
      node: keep(all.node),
      phone: keep(all.phone),
      pdu: keep(all.pdu),
      switch: keep(all.switch),
      instrument: keep(all.instrument),
    };
  }, [all, filter]);

  const open = useCallback((key: string, from: HTMLElement) => {
    opener.current = from;
    setSelectedKey(key);
  }, []);
  const close = useCallback(() => {
    setSelectedKey(undefined);
    // Back to the tile that opened the panel, so keyboard users keep their place.
    opener.current?.focus();
  }, []);

  const selected = selectedKey
    ? deviceKinds.map((kind) => all[kind].find((view) => view.key === selectedKey)).find(Boolean)
    : undefined;
  const loaded = data.devicesLoaded && data.statusLoaded;

  return (
    <div className={`live-page${selected ? ' has-detail' : ''}`}>
      <main className="layout">
        <div className="main-column">
          <NodesPanel
            nodes={shown.node}
            total={all.node.length}
            loaded={loaded}
            selectedKey={selectedKey}
            holderOf={holderOf}
            mySlices={mySlices}
            onOpen={open}
          />
          <ActivityPanel entries={data.activity} onOpen={open} />
        </div>
        <div className="side">
          <DeviceListPanel
            title="Phones"
            views={shown.phone}
            total={all.phone.length}
            subOf={phoneSub}
            selectedKey={selectedKey}
            onOpen={open}
          />
          <DeviceListPanel
            title="PDUs"
            views={shown.pdu}
            total={all.pdu.length}
            subOf={pduSub}
            selectedKey={selectedKey}
            onOpen={open}
          />
          <DeviceListPanel
            title="Network"
            views={shown.switch}
            total={all.switch.length}
            subOf={switchSub}
            selectedKey={selectedKey}
            onOpen={open}
          />
          <InstrumentsPanel
            views={shown.instrument}
            total={all.instrument.length}
            selectedKey={selectedKey}
            onOpen={open}
          />
        </div>
      </main>
      {selected && (
        <DetailPanel
          view={selected}
          lease={holderOf(selected)}
          mySlices={mySlices}
          changedAt={data.changedAt.get(selected.key)}
          loadedAt={data.loadedAt}
          onClose={close}
        />
      )}
    </div>
  );
}
