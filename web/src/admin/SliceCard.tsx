import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Slice } from '../api/types.ts';
import { ConfirmButton } from '../forms/ConfirmButton.tsx';
import { ErrorNote } from '../forms/ErrorNote.tsx';
import { useAction } from '../forms/useAction.ts';
import { useSessionContext } from '../session/context.ts';

interface Props {
  slice: Slice;
  /** Known user names, proposed when adding a member (admins only can list users). */
  userNames: readonly string[];
  onChanged: (slice: Slice | undefined) => void;
}

/** A slice: its description, its members (add, remove), deletion. */
export function SliceCard({ slice, userNames, onChanged }: Props) {
  const { api } = useSessionContext();
  const { busy, error, run, clear } = useAction();
  const [member, setMember] = useState('');
  const [description, setDescription] = useState(slice.description);
  const listId = useId();
  const path = `/api/v1/slices/${encodeURIComponent(slice.name)}`;
  useEffect(() => setDescription(slice.description), [slice.description]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const name = member.trim();
    const updated = await run(() => api.put<Slice>(`${path}/members/${encodeURIComponent(name)}`));
    if (updated) {
      setMember('');
      onChanged(updated);
    }
  };
  const removeMember = async (name: string) => {
    const updated = await run(() => api.delete<Slice>(`${path}/members/${encodeURIComponent(name)}`));
    if (updated) onChanged(updated);
  };
  const removeSlice = async () => {
    if (await run(() => api.delete(path).then(() => true))) onChanged(undefined);
  };
  const saveDescription = async () => {
    if (description === slice.description) return;
    const updated = await run(() => api.patch<Slice>(path, { description }));
    if (updated) onChanged(updated);
  };

  return (
    <li className="slice-card" data-slice={slice.name}>
      <header className="slice-head">
        <h3>{slice.name}</h3>
        <ConfirmButton
          label="Delete"
          name={`Delete slice ${slice.name}`}
          question={`Delete ${slice.name}?`}
          disabled={busy}
          onConfirm={removeSlice}
        />
      </header>
      <input
        className="slice-description"
        aria-label={`Description of ${slice.name}`}
        placeholder="Description"
        value={description}
        onChange={(event) => {
          setDescription(event.target.value);
          clear();
        }}
        onBlur={() => void saveDescription()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void saveDescription();
        }}
      />
      <ul className="members" aria-label={`Members of ${slice.name}`}>
        {slice.members.length === 0 && <li className="empty">No member yet.</li>}
        {slice.members.map((name) => (
          <li key={name} className="member">
            {name}
            <button
              type="button"
              className="member-remove"
              aria-label={`Remove ${name} from ${slice.name}`}
              disabled={busy}
              onClick={() => void removeMember(name)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <input
          aria-label={`New member of ${slice.name}`}
          placeholder="user name"
          list={listId}
          autoCapitalize="none"
          spellCheck={false}
          value={member}
          onChange={(event) => {
            setMember(event.target.value);
            clear();
          }}
        />
        <datalist id={listId}>
          {userNames
            .filter((name) => !slice.members.includes(name))
            .map((name) => (
              <option key={name} value={name} />
            ))}
        </datalist>
        <button type="submit" className="button" disabled={busy || !member.trim()}>
          Add member
        </button>
      </form>
      <ErrorNote error={error} />
    </li>
  );
}
