import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.ts';

/** A list or object read with GET, reloaded on demand (after the page changed it). */
export function useResource<T>(api: ApiClient, path: string | undefined) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version asks for a new read
  useEffect(() => {
    if (!path) return;
    let current = true;
    api.get<T>(path).then(
      (value) => {
        if (current) {
          setData(value);
          setError(undefined);
        }
      },
      (caught: unknown) => {
        if (current) setError(caught instanceof Error ? caught : new Error(String(caught)));
      },
    );
    return () => {
      current = false;
    };
  }, [api, path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload, setData };
}
