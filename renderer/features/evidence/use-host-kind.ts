import { useEffect, useState } from 'react';
import type { HostKind } from '../../../shared/contract/calls';

/**
 * Which host runs the app, from `app.info`, or undefined until it answers (or if it cannot).
 * The intake shows the folder control the host offers: its own dialog, or a typed path.
 */
export function useHostKind(): HostKind | undefined {
  const [host, setHost] = useState<HostKind>();
  useEffect(() => {
    let live = true;
    void window.desk.invoke('app.info', {}).then((answer) => {
      if (live && answer.ok) setHost(answer.value.host);
    });
    return () => {
      live = false;
    };
  }, []);
  return host;
}
