import { useId } from 'react';
import { formatNodeSet, type ParsedNodes } from './nodes.ts';

interface Props {
  whole: boolean;
  onWhole: (whole: boolean) => void;
  text: string;
  onText: (text: string) => void;
  /** What `text` names, to show as it is typed. */
  parsed: ParsedNodes;
}

function hint(whole: boolean, parsed: ParsedNodes): string {
  if (whole) return 'Every node, including nodes added later.';
  if (parsed.unknown.length) return `Unknown: ${parsed.unknown.join(', ')}`;
  const n = parsed.ids.length;
  if (n) return `${n} node${n === 1 ? '' : 's'}: ${formatNodeSet(parsed.ids)}`;
  return 'Numbers and ranges (1-5, 9) or names.';
}

/** The nodes of a booking: the whole testbed, or a list such as `1-5, 9, fit12`. */
export function NodesField({ whole, onWhole, text, onText, parsed }: Props) {
  const hintId = useId();
  return (
    <fieldset className="form-fieldset">
      <legend className="form-label">Nodes</legend>
      <label className="radio">
        <input type="radio" name="nodes" checked={whole} onChange={() => onWhole(true)} />
        Whole testbed
      </label>
      <label className="radio">
        <input type="radio" name="nodes" checked={!whole} onChange={() => onWhole(false)} />
        Some nodes
      </label>
      <input
        aria-label="Node list"
        aria-describedby={hintId}
        placeholder="1-5, 9, fit12"
        disabled={whole}
        value={text}
        spellCheck={false}
        onChange={(event) => onText(event.target.value)}
      />
      <span id={hintId} className="form-hint">
        {hint(whole, parsed)}
      </span>
    </fieldset>
  );
}
