import type { DeskApi } from '../shared/contract/calls';

declare global {
  interface Window {
    /** The desk API, put here by the Electron preload or by the browser host's platform. */
    desk: DeskApi;
  }
}
