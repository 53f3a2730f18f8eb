import { createRequire } from 'node:module';
import nodePath from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import type { GraphiQLOptions } from 'graphql-yoga';
import { escapeHtml } from './public-pages.ts';

/**
 * GraphiQL from the server itself. Yoga's own page loads its script, style and editor workers from
 * unpkg.com, which fails on the isolated networks government offices run on; this page loads the
 * same build of @graphql-yoga/graphiql (its UMD bundle, self-contained: React, GraphiQL and Monaco
 * are inside) from `/graphiql/`, served out of node_modules.
 */
export const graphiqlAssetsPath = '/graphiql/';

const distDirectory = nodePath.join(nodePath.dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');

/** Serves the bundle's files under /graphiql/. */
export function graphiqlAssets(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const serve = sirv(distDirectory, { etag: true, dev: false });
  return (req, res, next) => {
    req.url = (req.url ?? '/').slice(graphiqlAssetsPath.length - 1);
    serve(req, res, next);
  };
}

/** Yoga's `renderGraphiQL`: its page, with every URL on this origin. */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const asset = (file: string) => `${graphiqlAssetsPath}${file}`;
  const workers = {
    editorWorkerService: asset('monacoeditorwork/editor.worker.bundle.js'),
    json: asset('monacoeditorwork/json.worker.bundle.js'),
    // The bundle's own file name, double dot included.
    graphql: asset('monacoeditorwork/graphql.worker..bundle.js'),
  };
  // JSON inside a <script>: "<" escaped so no string can close the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${asset('graphiql.css')}">
</head>
<body id="body" class="no-focus-outline">
<noscript>请启用 JavaScript 以使用 GraphiQL。You need to enable JavaScript to run GraphiQL.</noscript>
<div id="root">GraphiQL…</div>
<script>
const workerUrls = ${json(workers)};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workerUrls[label] ?? workerUrls.editorWorkerService };
</script>
<script src="${asset('yoga-graphiql.umd.js')}"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${json(options)});</script>
</body>
</html>
`;
}
