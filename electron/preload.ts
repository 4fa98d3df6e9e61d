import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { DeskApi } from '../shared/contract/calls';
import { deskIpcChannel, printIpcChannel, userFilesIpcChannel } from '../shared/contract/ipc';
import { ingestUserFiles } from '../shared/contract/user-files';

// The renderer gets exactly one object: the typed desk API. No ipcRenderer, no Node.
const desk: DeskApi = {
  invoke: (name, request) => ipcRenderer.invoke(deskIpcChannel, name, request),
  // Paths come only from here: webUtils finds them for real dropped or picked files, and only
  // this channel may carry them to main. A file with no path (a snapshot) goes by its bytes.
  ingestFiles: (context, files) =>
    ingestUserFiles(context, files as readonly File[], {
      pathOf: (file) => webUtils.getPathForFile(file),
      startJob: (request) => ipcRenderer.invoke(userFilesIpcChannel, request),
      invoke: desk.invoke,
    }),
  printReport: (suggestedName) => ipcRenderer.invoke(printIpcChannel, suggestedName),
};

contextBridge.exposeInMainWorld('desk', desk);
