/**
 * The one IPC channel desk calls travel on in the Electron host. Kept apart from the schemas so
 * the sandboxed preload stays a few lines with no dependencies.
 */
export const deskIpcChannel = 'desk:call';

/** The IPC channel that prints the window's report to a PDF the user saves (Electron host only). */
export const printIpcChannel = 'desk:print-report';

/** The scheme and host the Electron host serves the renderer from: `app://desk/`. */
export const appScheme = 'app';

/** The host part of the renderer's `app://` address. */
export const appHost = 'desk';

/**
 * The IPC channel for files the user dropped or picked (Electron host only). The preload alone
 * sends on it, with the paths `webUtils.getPathForFile` gave for real `File`s; the page's general
 * `invoke` may not name paths (see `electron/services/ingest-channels.ts`).
 */
export const userFilesIpcChannel = 'desk:user-files';
