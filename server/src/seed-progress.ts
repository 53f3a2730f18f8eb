import cliProgress from 'cli-progress';
import type { SeedProgress } from './seed/index.ts';

/**
 * Shows the demo seed's progress on the command line (it takes 10-20 s): a bar on a terminal
 * (cli-progress), plain lines otherwise (logs, pipes, CI), so a first start is never silent.
 */
export function seedProgressPrinter(stream: NodeJS.WriteStream = process.stdout): { onProgress(progress: SeedProgress): void; done(): void } {
  if (!stream.isTTY) {
    return {
      onProgress: ({ step, steps, phase }) => stream.write(`Loading the demo data ${step}/${steps}: ${phase}…\n`),
      done: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'Loading the demo data [{bar}] {value}/{total} {phase}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: ({ step, steps, phase }) => {
      // The bar counts the phases finished; the label names the one under way.
      if (!started) bar.start(steps, step - 1, { phase });
      else bar.update(step - 1, { phase });
      started = true;
    },
    done: () => {
      if (started) bar.stop();
    },
  };
}
