import type { ReactNode } from 'react';
import { displayValue } from '../live/format.ts';
import type { Device } from '../live/types.ts';

type Binding = Device['drivers']['power'];

function Driver({ binding }: { binding: Binding }) {
  if (!binding) return <>—</>;
  const config = Object.keys(binding.config).length ? JSON.stringify(binding.config) : '';
  return (
    <>
      <span className="mono">{binding.driver}</span>
      {config && <code className="driver-config">{config}</code>}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What the inventory says of a device: model, tags, addresses, drivers, attributes. */
export function InventoryFields({ device }: { device: Device | undefined }) {
  if (!device) return <p className="empty">Not in the inventory: only its live status is known.</p>;
  const { addresses, drivers, attributes } = device;
  return (
    <dl className="fields">
      <Row label="Name">{device.name}</Row>
      <Row label="Model">{device.model ?? '—'}</Row>
      <Row label="Tags">
        {device.tags.length ? (
          <span className="tags">
            {device.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </span>
        ) : (
          '—'
        )}
      </Row>
      <Row label="Host name">
        <span className="mono">{addresses.hostname ?? '—'}</span>
      </Row>
      <Row label="IP">
        <span className="mono">{addresses.ip ?? '—'}</span>
      </Row>
      <Row label="MAC">
        <span className="mono">{addresses.mac ?? '—'}</span>
      </Row>
      <Row label="Power driver">
        <Driver binding={drivers.power} />
      </Row>
      <Row label="Probe driver">
        <Driver binding={drivers.probe} />
      </Row>
      {Object.entries(attributes).map(([key, value]) => (
        <Row key={key} label={key}>
          {displayValue(value)}
        </Row>
      ))}
      <Row label="Revision">{device.revision}</Row>
      <Row label="Updated">{new Date(device.updated_at).toLocaleString()}</Row>
    </dl>
  );
}
