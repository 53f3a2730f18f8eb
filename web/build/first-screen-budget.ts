import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Rollup's view of an emitted JavaScript chunk, as far as the budget needs it. */
interface EmittedChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  facadeModuleId: string | null;
}

/**
 * Prints the JavaScript a first screen loads, gzipped: its entry (the one whose module matches
 * `entry`: the staff app's index.html, the public site's public.html) with everything it imports
 * statically, plus the page chunk the first screen shows with its imports. Fails the build when
 * that exceeds the budget, so a heavy dependency pulled into a first screen is noticed when it is
 * added, not by users on a slow line.
 */
export function firstScreenBudget(options: { name: string; entry: RegExp; page: RegExp; budgetKiB: number }): Plugin {
  return {
    name: `devolve-first-screen-budget-${options.name}`,
    apply: 'build',
    generateBundle(_outputOptions, bundle) {
      const chunks = new Map<string, EmittedChunk>();
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') chunks.set(output.fileName, output);
      }
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.facadeModuleId !== null && options.entry.test(chunk.facadeModuleId));
      const page = [...chunks.values()].find((chunk) => chunk.facadeModuleId !== null && options.page.test(chunk.facadeModuleId));
      if (!entry || !page) {
        this.error(`first-screen budget: no ${entry ? 'page chunk matching ' + String(options.page) : 'entry chunk'}`);
      }

      const loaded = new Set<string>();
      const visit = (fileName: string): void => {
        if (loaded.has(fileName)) return;
        loaded.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      visit(page.fileName);

      let raw = 0;
      let gzipped = 0;
      for (const fileName of loaded) {
        const code = chunks.get(fileName)?.code ?? '';
        raw += Buffer.byteLength(code);
        gzipped += gzipSync(code, { level: 9 }).byteLength;
      }
      const kib = (bytes: number) => (bytes / 1024).toFixed(1);
      const summary = `${options.name} first screen (entry + ${page.fileName.replace(/^assets\//, '')}): ${loaded.size} JS files, ${kib(raw)} KiB, ${kib(gzipped)} KiB gzip (budget ${options.budgetKiB} KiB gzip)`;
      if (gzipped > options.budgetKiB * 1024) this.error(`over budget — ${summary}`);
      this.info(summary);
    },
  };
}
