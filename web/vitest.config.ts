import solid from 'vite-plugin-solid';
import { defineProject } from 'vitest/config';

/** Component and logic tests of the web app, in jsdom (run by the root vitest config as project "web"). */
export default defineProject({
  plugins: [solid()],
  resolve: { conditions: ['development', 'browser'] },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
