import type { ReactNode } from 'react';
import type { Tone } from '../live/device-state.ts';

/** A small coloured state label; the text says the state, so colour is never the only cue. */
export function Chip({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`chip tone-${tone}`}>{children}</span>;
}
