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
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/renderer.ts'],
        },
      },
    ],
  },
});
