import type { HostKind } from '../../shared/contract/calls';
import type { DeskHandlers } from './desk-dispatch';

/** What a host knows about itself when it starts, passed to the services it wires. */
export interface HostContext {
  host: HostKind;
  version: string;
  dataDir: string;
}

/** Wires the services behind every desk call for one host. The only place that lists them. */
export function createDeskHandlers(context: HostContext): DeskHandlers {
  return {
    'app.info': async () => ({
      version: context.version,
      host: context.host,
      dataDir: context.dataDir,
    }),
  };
}
