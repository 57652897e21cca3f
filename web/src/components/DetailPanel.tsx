import { useEffect, useId, useRef } from 'react';
import type { Lease } from '../api/types.ts';
import { summarize } from '../live/device-state.ts';
import { ago, clockTime } from '../live/format.ts';
import { useNow } from '../live/useNow.ts';
import type { DeviceView } from '../live/views.ts';
import { Chip } from './Chip.tsx';
import { InventoryFields } from './InventoryFields.tsx';
import { LeaseHolder } from './LeaseHolder.tsx';
import { StatusFields } from './StatusFields.tsx';

interface Props {
  view: DeviceView;
  /** The lease that holds the device now (nodes only). */
  lease?: Lease | undefined;
  mySlices?: readonly string[];
  /** When this page saw the device's status change, if it did. */
  changedAt: number | undefined;
  /** When the page received its first status snapshot. */
  loadedAt: number | undefined;
  onClose: () => void;
}

const kindLabel = { node: 'Node', phone: 'Phone', pdu: 'PDU', switch: 'Switch', instrument: 'Instrument' };

function LastUpdate({ view, changedAt, loadedAt }: Pick<Props, 'view' | 'changedAt' | 'loadedAt'>) {
  const now = useNow(1000);
  if (changedAt !== undefined)
    return (
      <p className="last-update">
        Last change <time dateTime={new Date(changedAt).toISOString()}>{clockTime(changedAt)}</time> (
        {ago(changedAt, now)})
      </p>
    );
  if (view.status && loadedAt !== undefined)
    return <p className="last-update">Unchanged since the page loaded at {clockTime(loadedAt)}</p>;
  return <p className="last-update">No status yet</p>;
}

/**
 * The selected device: live state, every status field, and its inventory entry. A
 * non-modal dialog (the grid stays live and usable); it takes focus when it opens and
 * Escape closes it.
 */
export function DetailPanel({ view, lease, mySlices = [], changedAt, loadedAt, onClose }: Props) {
  const headingId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  const summary = summarize(view.kind, view.status);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again when another device opens
  useEffect(() => closeButton.current?.focus(), [view.key]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside id="device-detail" className="detail" role="dialog" aria-modal="false" aria-labelledby={headingId}>
      <header className="detail-header">
        <div>
          <p className="detail-kind">
            {kindLabel[view.kind]} <span className="mono">{JSON.stringify(view.id)}</span>
          </p>
          <h2 id={headingId}>{view.name}</h2>
        </div>
        <button
          ref={closeButton}
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={onClose}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
        </button>
      </header>
      <div className="detail-state" data-tone={summary.tone}>
        <Chip tone={summary.tone}>{summary.label}</Chip>
        <LastUpdate view={view} changedAt={changedAt} loadedAt={loadedAt} />
      </div>
      <div className="detail-body">
        {view.kind === 'node' && (
          <LeaseHolder nodeId={view.id} lease={lease} mine={!!lease && mySlices.includes(lease.slice)} />
        )}
        <section aria-label="Live status">
          <h3>Live status</h3>
          <StatusFields kind={view.kind} record={view.status} />
        </section>
        <section aria-label="Inventory">
          <h3>Inventory</h3>
          <InventoryFields device={view.device} />
        </section>
      </div>
    </aside>
  );
}
