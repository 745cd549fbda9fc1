import { useEffect, useState } from 'react';

/** What an act works on, read once (the campaign, the inspection); the error's message for an Alert. */
export function useSubject<T>(read: () => Promise<T>, key: string) {
  const [subject, setSubject] = useState<T>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    read().then(setSubject, (e: Error) => setError(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read again only when the thing named changes
  }, [key]);
  return { subject, error };
}
