import solid from 'vite-plugin-solid';
import { defineProject } from 'vitest/config';

/** Component and logic tests of the web app, in jsdom (run by the root vitest config as project "web"). */
export default defineProject({
  plugins: [solid()],
  resolve: { conditions: ['development', 'browser'] },
  test: {
    name: 'web',
    environment: 'jsdom',
    // As in the root config: a worker keeps its modules from one file to the next (Solid, the
    // labels, the GraphQL documents). The project took 36 s and 68 s of CPU with a fresh module
    // graph per file, 11 s and 19 s without; it passes in shuffled orders and on one worker.
    isolate: false,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
