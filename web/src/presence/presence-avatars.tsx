import { createMemo, For, Show } from 'solid-js';
import { useSession } from '../accounts/session.tsx';
import { initials } from './initials.ts';
import type { PresenceEntry } from './presence.ts';
import { presenceStrings as t } from './strings.ts';
import './presence.css';

/** The people in `entries` other than the signed-in person. */
export function othersPresent(entries: readonly PresenceEntry[], myUserId: string | undefined): PresenceEntry[] {
  return entries.filter((entry) => entry.user.id !== myUserId);
}

/** 张三（市委编办） */
export function personLabel(entry: PresenceEntry): string {
  return t().person(entry.user.displayName, entry.user.unit.shortName);
}

/**
 * Who else has the proposal open: a row of small initials avatars, each with the full name and unit
 * in its tooltip and accessible name, and a summary for screen readers announced as people come
 * and go. The signed-in person is left out.
 */
export function PresenceAvatars(props: { entries: PresenceEntry[] }) {
  const session = useSession();
  const others = createMemo(() => othersPresent(props.entries, session.me()?.user.id));
  const summary = () =>
    others().length === 0 ? t().alone : t().viewing(others().map((entry) => entry.user.displayName));

  return (
    <div class="presence">
      <Show when={others().length > 0}>
        <ul class="presence-avatars" aria-label={t().label}>
          <For each={others()}>
            {(entry) => (
              <li>
                <span class="presence-avatar" role="img" tabindex="0" aria-label={personLabel(entry)}>
                  <span aria-hidden="true">{initials(entry.user.displayName)}</span>
                </span>
                <span class="presence-tip" aria-hidden="true">
                  {personLabel(entry)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="visually-hidden" role="status">
        {summary()}
      </p>
    </div>
  );
}
