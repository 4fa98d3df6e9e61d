import type { HostKind } from '../../shared/contract/calls';
import type { DeskHandlers } from './desk-dispatch';

/** What a host knows about itself when it starts, passed to the services it wires. */
export interface HostContext {
  host: HostKind;
  version: string;
  dataDir: string;
  /** The case service to sync with (DESK_SERVICE_URL), or null when none is configured. */
  serviceUrl: string | null;
}

/** Wires the services behind every desk call for one host. The only place that lists them. */
export function createDeskHandlers(context: HostContext): DeskHandlers {
  return {
    'app.info': async () => ({
      version: context.version,
      host: context.host,
      dataDir: context.dataDir,
      serviceUrl: context.serviceUrl,
    }),
  };
}
