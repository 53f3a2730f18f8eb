/**
 * The static checks `pnpm test` runs: TypeScript's errors and ESLint's type-aware rules, over the
 * two programs of the repository (the server side, `tsconfig.json`, and the web app,
 * `web/tsconfig.json`), each program built once and shared by both. Run as `pnpm typecheck` and
 * `pnpm lint` separately, each built both programs again: about a minute of CPU more per run.
 *
 *   pnpm checks [--no-lint]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lint = !process.argv.includes('--no-lint');

/** The program `tsc -p <configPath>` would check. */
function programOf(configPath: string): ts.Program {
  const file = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (file.error) throw new Error(ts.flattenDiagnosticMessageText(file.error.messageText, '\n'));
  const config = ts.parseJsonConfigFileContent(file.config, ts.sys, dirname(configPath), undefined, configPath);
  return ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences, configFileParsingDiagnostics: config.errors });
}

const programs = [programOf(join(root, 'tsconfig.json')), programOf(join(root, 'web/tsconfig.json'))];

const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
const typeErrors = programs.flatMap((program) => ts.getPreEmitDiagnostics(program));
if (typeErrors.length > 0) console.error(ts.formatDiagnosticsWithColorAndContext(typeErrors, host));
console.log(`typecheck: ${typeErrors.length} errors in ${programs.reduce((n, p) => n + p.getRootFileNames().length, 0)} files`);

let lintErrors = 0;
if (lint) {
  // eslint.config.js names the same two tsconfigs; given the programs, typescript-eslint uses them
  // instead of building its own. Plain .js files keep type-aware rules off (the config says so).
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parserOptions: { programs } } }],
  });
  const results = await eslint.lintFiles(['.']);
  lintErrors = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
  const output = await (await eslint.loadFormatter('stylish')).format(results);
  if (output) console.error(output);
  console.log(`lint: ${lintErrors} problems in ${results.length} files`);
}

process.exitCode = typeErrors.length > 0 || lintErrors > 0 ? 1 : 0;
