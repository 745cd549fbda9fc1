// A list the API answers a page at a time (`items`, `nextCursor`): the first page whenever `key` (the
// query) changes, and `more()` appending the next one.
import { useEffect, useRef, useState } from 'react';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface State<T> {
  key: string;
  items: T[];
  next: string | null;
  error?: string;
  more: boolean;
}

export function usePaged<T>(fetch: (cursor?: string) => Promise<Page<T>>, key: string) {
  const latest = useRef(fetch);
  useEffect(() => void (latest.current = fetch));
  const [state, setState] = useState<State<T> | undefined>(undefined);

  useEffect(() => {
    let current = true;
    latest.current().then(
      (p) => current && setState({ key, items: p.items, next: p.nextCursor, more: false }),
      (e: Error) => current && setState({ key, items: [], next: null, error: e.message, more: false }),
    );
    return () => void (current = false);
  }, [key]);

  const fresh = state?.key === key ? state : undefined;
  const more = () => {
    if (!fresh?.next) return;
    setState({ ...fresh, more: true });
    latest.current(fresh.next).then(
      (p) => setState((s) => (s?.key === key ? { ...s, items: [...s.items, ...p.items], next: p.nextCursor, more: false } : s)),
      (e: Error) => setState((s) => (s?.key === key ? { ...s, error: e.message, more: false } : s)),
    );
  };
  return { items: fresh?.items ?? [], next: fresh?.next ?? null, error: fresh?.error, loading: !fresh || fresh.more, more };
}
