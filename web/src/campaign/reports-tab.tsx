import type { ConsoleTabProps } from './console-tab.ts';

/** Placeholder until this tab is built. */
export default function Tab(_props: ConsoleTabProps) {
  return <p class="notice">—</p>;
}
