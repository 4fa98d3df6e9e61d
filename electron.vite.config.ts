import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// One build for both hosts: out/main holds the Electron main process and the browser host (plain
// Node, no Electron) and the dispute-desk command line, out/preload the sandboxed preload, out/renderer the renderer both serve.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['zod', 'hono', '@hono/node-server'] },
      rollupOptions: {
        input: { main: resolve('electron/main.ts'), 'browser-host': resolve('electron/browser-host.ts'), cli: resolve('electron/cli.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages: everything it uses is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    // Minified: electron-vite leaves it off by default, and the first screen's scripts are parsed
    // before it paints (issue 20).
    build: { minify: true, rollupOptions: { input: resolve('renderer/index.html') } },
  },
});
