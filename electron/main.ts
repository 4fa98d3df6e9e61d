import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebFrameMain } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deskFailure } from '../shared/contract/errors';
import { appHost, appScheme, deskIpcChannel, printIpcChannel, userFilesIpcChannel } from '../shared/contract/ipc';
import { createLogger } from '../shared/logger';
import { ensureDataDir, productName } from './services/data-dir';
import { createDeskHandlers, openDeskServices, type MediaVariant } from './services/desk-handlers';
import { createMediaHandler } from './services/evidence/media-handler';
import { servedMediaType } from './services/evidence/served-media-type';
import { answerPageCall, answerUserFiles, chosenFolder } from './services/ingest-channels';
import { createRendererAssets } from './services/renderer-assets';
import { serviceOriginOf } from './services/security-headers';

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

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = await ensureDataDir(app.getPath('userData'));
  const serviceUrl = process.env.DESK_SERVICE_URL || null;
  const mediaUrl = (sha256: string, variant: MediaVariant) => `${evidenceScheme}://media/${sha256}${variant === 'object' ? '' : `/${variant}`}`;
  const services = await openDeskServices(dataDir, mediaUrl);
  // A folder comes in only through main's own dialog, never as a path from the page.
  const chooseFolder = async () => {
    const window = BrowserWindow.getFocusedWindow();
    const options: Electron.OpenDialogOptions = { properties: ['openDirectory'] };
    return chosenFolder(await (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)));
  };
  const handlers = createDeskHandlers({ host: 'electron', version: app.getVersion(), dataDir, serviceUrl, chooseFolder }, services);
  const media = createMediaHandler({
    storeRoot: services.evidence.store.root,
    mediaTypeOf: (sha) => servedMediaType(services.evidence, sha),
    allowOrigin: appOrigin,
  });
  const assets = createRendererAssets(path.join(import.meta.dirname, '..', 'renderer'), serviceOriginOf(serviceUrl));

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
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

start().catch((error: Error) => {
  log.error('Dispute Desk could not start', { error: error.stack ?? error.message });
  app.exit(1);
});
