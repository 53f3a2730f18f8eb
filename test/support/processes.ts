import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Node's arguments for `devolve`, read from the root package.json so that a test starts exactly
 * what an operator does: `pnpm devolve` (the sources through tsx) or `pnpm devolve:dist` (the
 * bundle, with its node flags).
 */
export function devolveCommand(bundle: boolean): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string | undefined> };
  const script = bundle ? 'devolve:dist' : 'devolve';
  const words = scripts[script]?.split(/\s+/) ?? [];
  const launcher = words.at(-1);
  if (words[0] !== 'node' || !launcher?.startsWith('server/bin/')) {
    throw new Error(`The root package.json's "${script}" script should be "node [flags] server/bin/<launcher>", not "${scripts[script]}".`);
  }
  return [...words.slice(1, -1), path.join(root, launcher)];
}

/** From /proc: a process's resident memory now (VmRSS) in MB and the CPU time it has used so far in ms. */
export function processUsage(pid: number): { rssMb: number; cpuMs: number } {
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  // utime and stime, the 14th and 15th fields of /proc/<pid>/stat, in clock ticks (1/100 s on Linux).
  const [utime, stime] = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).map(Number);
  return { rssMb: rssKb / 1024, cpuMs: (utime! + stime!) * 10 };
}

/** A real `devolve serve` process, started as an operator would start it. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** What it printed so far (stdout and stderr, the last 20,000 characters). */
  output(): string;
  /** From /proc: resident memory now (VmRSS) in MB and CPU time used so far in ms. */
  usage(): { rssMb: number; cpuMs: number };
  /** Sends the signal and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `devolve serve --port 0` with only PATH, HOME, NODE_ENV (so a benchmark's servers run in
 * production mode as the benchmark does) and `env` in its environment, and resolves with the address
 * it prints once it listens. Start-up failures reject with what it printed (a
 * missing bundle: "Run `pnpm build` first").
 */
export function startServerProcess(
  env: Record<string, string>,
  options: {
    timeoutMs?: number;
    /** Flags for node itself, e.g. --cpu-prof. */
    nodeArgs?: string[];
    /** Run server/dist (what production runs) instead of the sources. */
    bundle?: boolean;
    /** Arguments after `serve --port 0`, e.g. --seed-if-empty. */
    args?: string[];
    /** Called with everything it prints (stdout and stderr) as it comes, e.g. for `--trace-gc` lines. */
    onOutput?: (text: string) => void;
  } = {},
): Promise<ServerProcess> {
  const { timeoutMs = 60_000, nodeArgs = [], bundle = false, args = [], onOutput } = options;
  const child = spawn(process.execPath, [...nodeArgs, ...devolveCommand(bundle), 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(process.env.NODE_ENV && { NODE_ENV: process.env.NODE_ENV }), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    onOutput?.(text);
  };
  child.stderr.on('data', keep);
  return new Promise((resolve, reject) => {
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devolve serve did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`devolve serve exited (${code ?? signal}) before listening:\n${output}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      const url = /Devolve is running at (http:\/\/[^/\s]+)\//.exec(output)?.[1];
      if (listening || !url) return;
      listening = true;
      clearTimeout(timer);
      resolve({
        url,
        pid: child.pid!,
        output: () => output,
        usage: () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`devolve serve (pid ${child.pid}) exited (${child.exitCode ?? child.signalCode}):\n${output}`);
          }
          return processUsage(child.pid!);
        },
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}
