import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell, type WebFrameMain } from 'electron';
import electronUpdater from 'electron-updater';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deskFailure } from '../shared/contract/errors';
import { appHost, appScheme, deskIpcChannel, printIpcChannel, userFilesIpcChannel } from '../shared/contract/ipc';
import { addLogSink, createLogger } from '../shared/logger';
import { safeStorageKeychain } from './services/at-rest/os-keychain';
import { stopChildProcesses } from './services/child-processes';
import { ensureDataDir, productName } from './services/data-dir';
import { acquireDataDirLock } from './services/data-dir-lock';
import { desktopOptions } from './services/desktop-options';
import { currentServiceUrl, type MediaVariant } from './services/desk-handlers';
import { createStartedDeskHandlers, createStartedDeskMedia, startDesk, type DeskStart } from './services/desk-start';
import { logFileName, openLogFile } from './services/log-file';
import { answerPageCall, answerUserFiles, chosenFolder } from './services/ingest-channels';
import { createRendererAssets } from './services/renderer-assets';
import { serviceOriginOf } from './services/security-headers';
import { startupFailureBox } from './services/startup-failure';
import { updateFeed } from './services/updates';

const log = createLogger('electron-main');
const appOrigin = `${appScheme}://${appHost}`;
const evidenceScheme = 'evidence';

// A standard, secure scheme gives the renderer a real origin, so IndexedDB, fetch and the CSP
// behave as on the web; file:// would not.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  // Evidence media: `stream` lets <video> seek with Range requests into multi-gigabyte files.
  { scheme: evidenceScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);
app.enableSandbox();
app.setName(productName);

// A data folder from the command line replaces userData before anything reads it, so the
// single-instance lock below is per data folder: one app per folder, as many folders as wanted.
const options = desktopOptions(process.argv, process.env);
if (options.dataDir) app.setPath('userData', options.dataDir);
// Set explicitly, after userData, so the logs follow a --data-dir (Linux and Windows keep them inside it).
app.setAppLogsPath();
const logDir = app.getPath('logs');
addLogSink(openLogFile(logDir).sink);

let started: DeskStart | undefined;

function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}

function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame === frame.top && isAppUrl(frame.url);
}

function openOutside(url: string): void {
  if (url.startsWith('https://')) void shell.openExternal(url);
  else log.warn('refused to open a link', { url });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: productName,
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      openOutside(url);
    }
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}

/** A renderer that crashed or was killed: logged, and the user chooses to reload or quit. */
function offerReload(window: BrowserWindow, reason: string): void {
  void dialog
    .showMessageBox(window, {
      type: 'warning',
      title: productName,
      message: 'The Dispute Desk window stopped working.',
      detail: `Reason: ${reason}. Changes you confirmed are kept on this computer. Details are in ${path.join(logDir, logFileName)}.`,
      buttons: ['Reload', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    })
    .then(({ response }) => (response === 0 ? window.reload() : app.quit()));
}

async function startUpdates(): Promise<void> {
  const feed = await updateFeed({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath });
  if (!feed.enabled) {
    log.info('updates are off', { reason: feed.reason });
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = { info: (message) => log.info(String(message)), warn: (message) => log.warn(String(message)), error: (message) => log.error(String(message)), debug: () => undefined };
  await autoUpdater.checkForUpdatesAndNotify().catch((error: Error) => log.warn('the update check failed', { error: error.message }));
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = await ensureDataDir(app.getPath('userData'));
  // The browser host may use the same folder; only one of them may (the error box says what to do).
  const locked = await acquireDataDirLock(dataDir);
  if (!locked.ok) throw Object.assign(new Error(locked.error.message), { code: locked.error.code });
  // The default until the user saves another address in the app (first-run screen or Settings).
  const defaultServiceUrl = process.env.DESK_SERVICE_URL || null;
  const mediaUrl = (sha256: string, variant: MediaVariant) => `${evidenceScheme}://media/${sha256}${variant === 'object' ? '' : `/${variant}`}`;
  // The store's desk key lives in the OS keychain (decision 0036); safeStorage works once the app is ready.
  // Where the keychain refuses, or protects nothing (Linux basic_text), the desk starts locked and
  // the window asks for a passphrase (app.unlock).
  const desk = await startDesk(dataDir, mediaUrl, defaultServiceUrl, { keychain: safeStorageKeychain(safeStorage, process.platform), askForNewKey: true });
  started = desk;
  // A folder comes in only through main's own dialog, never as a path from the page.
  const chooseFolder = async () => {
    const window = BrowserWindow.getFocusedWindow();
    const dialogOptions: Electron.OpenDialogOptions = { properties: ['openDirectory'] };
    return chosenFolder(await (window ? dialog.showOpenDialog(window, dialogOptions) : dialog.showOpenDialog(dialogOptions)));
  };
  const context = {
    host: 'electron',
    version: app.getVersion(),
    dataDir,
    defaultServiceUrl,
    logDir,
    openFolder: async (dir: string) => (await shell.openPath(dir)) === '',
    chooseFolder,
  } as const;
  const handlers = createStartedDeskHandlers(context, desk);
  const media = createStartedDeskMedia(desk, appOrigin);
  const assets = createRendererAssets(path.join(import.meta.dirname, '..', 'renderer'), () => serviceOriginOf(currentServiceUrl(context, desk)));

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('denied a permission request', { permission });
    callback(false);
  });
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(appScheme, (request) => assets.fetch(request));
  protocol.handle(evidenceScheme, media);

  ipcMain.handle(deskIpcChannel, (event, name: unknown, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      log.warn('refused a desk call from an unexpected frame', { url: event.senderFrame?.url });
      return deskFailure('forbidden_origin', 'Desk calls are answered only for the Dispute Desk window.');
    }
    return answerPageCall(handlers, name, payload);
  });
  // Paths of files the user dropped or picked: only the preload sends here (see ingest-channels).
  ipcMain.handle(userFilesIpcChannel, (event, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return deskFailure('forbidden_origin', 'Files are brought in only for the Dispute Desk window.');
    return answerUserFiles(handlers, payload);
  });
  // A case report: the window printed as laid out for print, saved where the user chooses.
  ipcMain.handle(printIpcChannel, async (event, suggestedName: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return deskFailure('forbidden_origin', 'Reports are printed only for the Dispute Desk window.');
    const window = BrowserWindow.fromWebContents(event.sender);
    const name = typeof suggestedName === 'string' ? suggestedName.replace(/[^\w.-]+/g, '-').slice(0, 80) : 'case-report';
    const choice = await (window ? dialog.showSaveDialog(window, { defaultPath: `${name}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] }) : dialog.showSaveDialog({ defaultPath: `${name}.pdf` }));
    if (choice.canceled || !choice.filePath) return { ok: true, value: { savedTo: null } };
    try {
      await writeFile(choice.filePath, await event.sender.printToPDF({ printBackground: true, pageSize: 'A4' }));
      return { ok: true, value: { savedTo: choice.filePath } };
    } catch (error) {
      log.error('a case report could not be saved', { error: error instanceof Error ? error.message : String(error) });
      return deskFailure('internal', `The report could not be saved to ${choice.filePath}: ${error instanceof Error ? error.message : String(error)}. Choose another folder and try again.`);
    }
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  void startUpdates();
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('render-process-gone', (_gone, details) => {
    log.error('a renderer process is gone', { reason: details.reason, exitCode: details.exitCode });
    const window = BrowserWindow.fromWebContents(contents);
    if (window && details.reason !== 'clean-exit') offerReload(window, details.reason);
  });
});
app.on('child-process-gone', (_event, details) => {
  log.error('a child process is gone', { type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name ?? null });
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
// The index is closed (its last writes checkpointed) and ffmpeg stopped before the process goes.
app.on('before-quit', () => {
  const stopped = stopChildProcesses();
  started?.services()?.evidence.close();
  started = undefined;
  log.info('quitting', { stoppedChildProcesses: stopped });
});

// A second launch on the same data folder hands over to the first, whose window comes forward.
if (!app.requestSingleInstanceLock()) {
  log.info('another Dispute Desk already uses this data folder; bringing its window forward');
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  start().catch((error: unknown) => {
    log.error('Dispute Desk could not start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    const box = startupFailureBox(error, { dataDir: app.getPath('userData'), logFile: path.join(logDir, logFileName) });
    dialog.showErrorBox(box.title, box.message);
    app.exit(1);
  });
}
