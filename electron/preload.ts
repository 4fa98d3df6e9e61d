import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { DeskApi } from '../shared/contract/calls';
import { deskIpcChannel, printIpcChannel } from '../shared/contract/ipc';

// The renderer gets exactly one object: the typed desk API. No ipcRenderer, no Node.
const desk: DeskApi = {
  invoke: (name, request) => ipcRenderer.invoke(deskIpcChannel, name, request),
  // Dropped and picked files are on this machine: the main process reads them by path.
  ingestFiles: (context, files) =>
    ipcRenderer.invoke(deskIpcChannel, 'evidence.ingest', { context, paths: files.map((file) => webUtils.getPathForFile(file as File)) }),
  printReport: (suggestedName) => ipcRenderer.invoke(printIpcChannel, suggestedName),
};

contextBridge.exposeInMainWorld('desk', desk);
