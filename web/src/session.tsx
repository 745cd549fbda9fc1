// Who is signed in, read once from GET /session and kept with its CSRF token for the API client.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiProblem, api, onSessionEnded, setCsrfToken, type Session } from './api';

interface SessionState {
  /** undefined while the first GET /session is under way, null when signed out */
  session: Session | null | undefined;
  signIn: (email: string, password: string) => Promise<Session>;
  signOut: () => Promise<void>;
  /** after the password change: the session read again (no longer bound to change it) */
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const keep = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken);
    setSession(s);
  }, []);

  useEffect(() => {
    // an expired session sends the page to 登录 (App.tsx), which brings the person back here after
    onSessionEnded(() => keep(null));
    api.session().then(keep, (e: unknown) => {
      // no session (401) is the ordinary signed-out case; anything else is shown on the sign-in page
      if (!(e instanceof ApiProblem)) console.error(e);
      keep(null);
    });
  }, [keep]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      signIn: async (email, password) => {
        const s = await api.signIn(email, password);
        keep(s);
        return s;
      },
      signOut: async () => {
        await api.signOut();
        keep(null);
      },
      reload: async () => keep(await api.session()),
    }),
    [session, keep],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
