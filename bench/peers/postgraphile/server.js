/**
 * PostGraphile 5 (amber preset) over Devolve's tables, for bench/side-by-side.ts: runs under the
 * Node 22 of this folder's `node` package. Every request runs as the database role the harness
 * created for a reviewer (reviewer-policy.sql), so PostgreSQL's row security applies the team's
 * read rule, as PostGraphile intends authorization to be done. Prints "listening on <url>" once up.
 *
 *   DATABASE_URL=… node server.js
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { TagsFilePlugin } from 'postgraphile/utils';

const preset = {
  extends: [PostGraphileAmberPreset],
  // postgraphile.tags.json5 in the working directory.
  plugins: [TagsFilePlugin],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      // The same pool size as Devolve's postgres.js client (10).
      poolConfig: { max: 10 },
      pgSettings: () => ({ role: 'devolve_peer_reviewer' }),
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
