import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService, type RunningService } from './case-service';

/** The worker-free fixtures every journey starts from: a real case service and a browser host using it. */
export interface DeskFixtures {
  service: RunningService;
  host: RunningHost;
}

/**
 * A fresh case service with `disputes` demo disputes and a browser host syncing with it, for
 * `test.extend`. One pair per test: journeys cut the connection and change the world under it.
 */
export function serviceAndHost(disputes: number) {
  return {
    service: async ({}, use: (service: RunningService) => Promise<void>) => {
      const service = await startCaseService(disputes);
      await use(service);
      await service.stop();
    },
    host: async ({ service }: { service: RunningService }, use: (host: RunningHost) => Promise<void>) => {
      const host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
      await use(host);
      await host.stop();
    },
  };
}
