import { memo } from 'react';
import type { ActivityEntry } from '../live/activity.ts';
import { clockTime } from '../live/format.ts';
import { Chip } from './Chip.tsx';
import { Panel } from './Panel.tsx';

interface Props {
  entries: readonly ActivityEntry[];
  onOpen: (key: string, opener: HTMLElement) => void;
}

/** What changed while the page was open, newest first: the "what just happened?" of a shift. */
export const ActivityPanel = memo(function ActivityPanel({ entries, onOpen }: Props) {
  return (
    <Panel title="Recent activity" count={entries.length ? String(entries.length) : undefined}>
      {entries.length === 0 ? (
        <p className="empty">No change since the page loaded.</p>
      ) : (
        <ol className="activity" aria-label="Recent activity">
          {entries.map((entry) => (
            <li key={entry.seq} className="activity-entry">
              <time dateTime={new Date(entry.at).toISOString()}>{clockTime(entry.at)}</time>
              <button
                type="button"
                className="activity-device"
                onClick={(event) => onOpen(entry.key, event.currentTarget)}
              >
                {entry.name}
              </button>
              {entry.note ? (
                <span className="activity-note">{entry.note}</span>
              ) : (
                <span className="activity-change">
                  {entry.from && <Chip tone={entry.from.tone}>{entry.from.label}</Chip>}
                  {entry.from && (
                    <>
                      <span className="arrow" aria-hidden="true">
                        →
                      </span>
                      <span className="visually-hidden">to</span>
                    </>
                  )}
                  {entry.to && <Chip tone={entry.to.tone}>{entry.to.label}</Chip>}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
});
