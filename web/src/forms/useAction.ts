import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';

/** An action's progress: busy while it runs, the error it threw, cleared by the next run. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (caught) {
      // A 401 has already sent the user to the login page: nothing to show here.
      if (mounted.current && !(caught instanceof ApiError && caught.status === 401))
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, clear };
}
