import { contextBridge, ipcRenderer } from 'electron';
import type { DeskApi } from '../shared/contract/calls';
import { deskIpcChannel } from '../shared/contract/ipc';

// The renderer gets exactly one object: the typed desk API. No ipcRenderer, no Node.
const desk: DeskApi = {
  invoke: (name, request) => ipcRenderer.invoke(deskIpcChannel, name, request),
};

contextBridge.exposeInMainWorld('desk', desk);
