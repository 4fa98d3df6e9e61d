import { useEffect, useState } from 'react';
import type { DeskResponse } from '../../shared/contract/calls';
import type { DeskError } from '../../shared/contract/errors';

/** What the host said about itself, or why it could not say. */
export type AppInfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: DeskResponse<'app.info'> }
  | { status: 'failed'; error: DeskError };

/** Asks the host for `app.info` once, through whichever `window.desk` this renderer was given. */
export function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    void window.desk.invoke('app.info', {}).then((result) => {
      if (!live) return;
      setState(result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
