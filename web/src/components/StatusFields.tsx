import { displayValue, reading } from '../live/format.ts';
import type { DeviceKind, StatusRecord } from '../live/types.ts';
import { fieldLabel, orderedFields } from './fields.ts';

function Value({ field, value }: { field: string; value: unknown }) {
  if (field === 'readings' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return (
      <ul className="inline-readings">
        {Object.entries(value as Record<string, number | null>).map(([name, v]) => (
          <li key={name}>
            <span className="reading-name">{name}</span> {reading(name, v)}
          </li>
        ))}
      </ul>
    );
  }
  return <>{displayValue(value)}</>;
}

/** Every field of a live status record, known ones first with readable names. */
export function StatusFields({ kind, record }: { kind: DeviceKind; record: StatusRecord | undefined }) {
  if (!record) return <p className="empty">No status received for this device yet.</p>;
  const fields = orderedFields(kind, record);
  if (!fields.length) return <p className="empty">The status record has no fields yet.</p>;
  return (
    <dl className="fields">
      {fields.map((field) => (
        <div key={field} className="field" data-field={field}>
          <dt title={field}>{fieldLabel(field)}</dt>
          <dd>
            <Value field={field} value={record[field]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
