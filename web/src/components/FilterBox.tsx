import { useEffect, useRef } from 'react';

interface Props {
  value: string;
  onChange: (value: string) => void;
}

/** Filters every panel by name, id, tag, model or address; `/` focuses it, Escape clears it. */
export function FilterBox({ value, onChange }: Props) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="filter">
      <input
        ref={input}
        type="search"
        aria-label="Filter devices"
        placeholder="Filter by name, tag, model…  ( / )"
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            // Clearing the filter comes first; a second Escape reaches the detail panel.
            event.stopPropagation();
            event.nativeEvent.stopImmediatePropagation();
            onChange('');
          }
        }}
      />
    </div>
  );
}
