import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/** The API server (`devolve serve`) serves GraphQL at /graphql and the built app (dist/) at /. */
const api = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [solid()],
  server: {
    proxy: { '/graphql': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
});
