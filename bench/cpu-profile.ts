/**
 * Where a server's busy time went: self time per package and per function, summed over the
 * busy samples (not `(idle)`) of every .cpuprofile in a directory, as written by
 * `--node-args "--cpu-prof --cpu-prof-dir=<dir>"` of the benchmarks.
 *
 *   pnpm --filter @devolve/bench cpu-profile <dir> [--histogram] [--from <s>] [--to <s>] [--top 30]
 *
 * `--histogram` prints the busy milliseconds of each second of each profile, counted from its
 * start, to find a benchmark's measured phase (the changes come after the subscribers open and
 * before the quiet wait at the end); `--from` and `--to` then keep only the samples of that phase.
 * Samples are taken on wall-clock time, so on a loaded machine a thread waiting for a core counts
 * as busy: the shares say more than the milliseconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
/** The part of V8's .cpuprofile format read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const options = new Command()
  .argument('<dir>', 'directory of .cpuprofile files')
  .option('--histogram', 'busy ms per second of each profile, from its start')
  .option('--from <seconds>', 'only samples at least this long after the profile started', Number, 0)
  .option('--to <seconds>', 'only samples at most this long after the profile started', Number, Infinity)
  .option('--top <n>', 'functions to list', Number, 30)
  .parse();
const [dir] = options.args as [string];
const { histogram, from, to, top } = options.opts<{ histogram?: boolean; from: number; to: number; top: number }>();

/** The package a frame's script belongs to, or the node: module, or V8's own entry ("(garbage collector)"). */
function packageOf({ url, functionName }: CallFrame): string {
  const installed = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (installed) return installed[1]!;
  if (url.includes('/server/dist/')) return 'devolve (server/dist)';
  if (url.startsWith('node:')) return url;
  return url === '' ? functionName : url;
}

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
let busyMs = 0;
const add = (totals: Map<string, number>, key: string, ms: number) => totals.set(key, (totals.get(key) ?? 0) + ms);

for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const perSecond: number[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]!;
    // A sample stands for the time until the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = frames.get(id)!;
    const second = (at - profile.startTime) / 1e6;
    if (frame.functionName === '(idle)' || second < from || second > to) return;
    perSecond[Math.floor(second)] = (perSecond[Math.floor(second)] ?? 0) + ms;
    busyMs += ms;
    add(byPackage, packageOf(frame), ms);
    add(byFunction, `${frame.functionName || '(anonymous)'} ${frame.url.split('/').at(-1)}:${frame.lineNumber + 1}`, ms);
  });
  if (histogram) console.log(`${file}: busy ms in each second from the start\n  ${Array.from(perSecond, (ms) => Math.round(ms ?? 0)).join(' ')}`);
}

const list = (totals: Map<string, number>, count: number) => {
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`  ${((100 * ms) / busyMs).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
  }
};
console.log(`busy ${busyMs.toFixed(0)} ms\nby package:`);
list(byPackage, 25);
console.log('by function (self time):');
list(byFunction, top);
