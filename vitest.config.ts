import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Unit tests live beside the code. Node code runs under Node; renderer components run in jsdom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts'],
          // The case service's tests open a fresh PGlite (a whole PostgreSQL in WebAssembly) and
          // often seed a workspace: 5-8 s on a quiet two-core machine, more beside another build.
          // A limit, not a timing assertion; the benchmarks are where speed is measured.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          // Component tests drive Mantine in jsdom; on a busy two-core machine one can take
          // several seconds without anything being wrong.
          testTimeout: 20_000,
          setupFiles: ['test/setup/renderer.ts'],
        },
      },
    ],
  },
});
