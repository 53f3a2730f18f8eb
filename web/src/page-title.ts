import { createEffect } from 'solid-js';
import { common } from './i18n/labels.ts';

/** The browser tab's title for the screen shown: "<what> · 精简事项审查", in the current language. */
export function usePageTitle(title: () => string | undefined): void {
  createEffect(() => {
    const what = title();
    if (what !== undefined) document.title = `${what} · ${common().appTitle}`;
  });
}
