import { type FormEvent, useState } from 'react';
import type { Slice } from '../api/types.ts';
import { Panel } from '../components/Panel.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { Field } from '../forms/Field.tsx';
import { useAction } from '../forms/useAction.ts';
import { useResource } from '../forms/useResource.ts';
import { useSessionContext } from '../session/context.ts';
import { SliceCard } from './SliceCard.tsx';

/** Slices (projects with members, to which leases belong): operators and admins. */
export function SlicesPanel({ userNames }: { userNames: readonly string[] }) {
  const { api, refresh } = useSessionContext();
  const slices = useResource<Slice[]>(api, '/api/v1/slices');
  const create = useAction();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const list = slices.data ?? [];

  const changed = (old: Slice, updated: Slice | undefined) => {
    slices.setData(
      updated ? list.map((s) => (s.id === old.id ? updated : s)) : list.filter((s) => s.id !== old.id),
    );
    // My own slices may have changed (the header and the booking form show them).
    void refresh();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run(() =>
      api.post<Slice>('/api/v1/slices', { name: name.trim(), description: description.trim() }),
    );
    if (created) {
      setName('');
      setDescription('');
      slices.setData([...list, created]);
    }
  };

  return (
    <Panel title="Slices" count={slices.data ? String(list.length) : undefined}>
      <ErrorNote error={slices.error} />
      {slices.data && list.length === 0 && <p className="empty">No slice yet.</p>}
      <ul className="slice-list" aria-label="Slices">
        {list.map((slice) => (
          <SliceCard
            key={slice.id}
            slice={slice}
            userNames={userNames}
            onChanged={(updated) => changed(slice, updated)}
          />
        ))}
      </ul>
      <h3 className="panel-subtitle">New slice</h3>
      <form className="form" onSubmit={submit} aria-label="Create a slice">
        <div className="form-row">
          <Field label="Slice name" hint="Lowercase letters, digits, . _ -">
            <input
              required
              autoCapitalize="none"
              spellCheck={false}
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                create.clear();
              }}
            />
          </Field>
          <Field label="Description (optional)">
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
          </Field>
        </div>
        <ErrorNote error={create.error} />
        <button type="submit" className="button primary" disabled={create.busy || !name.trim()}>
          Create slice
        </button>
      </form>
    </Panel>
  );
}
