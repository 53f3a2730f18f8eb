import { For, Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { useSession, type Me } from '../accounts/session.tsx';
import type { EnumValue } from '../graphql.ts';

/** The signed-in person's unit: the department or district a portal works for. */
export type PortalUnit = NonNullable<Me['user']['unit']>;

/**
 * A portal's page: its content for the signed-in person's unit when they hold the portal's role,
 * else the heading and a note that the page is not theirs.
 */
export function PortalPage(props: {
  /** Names the portal for its styles (`department`, `district`). */
  area: string;
  role: EnumValue<'Role'>;
  heading: string;
  /** Shown to people without the role. */
  refusal: string;
  children: (unit: PortalUnit) => JSX.Element;
}) {
  const session = useSession();
  const unit = () => (session.me()?.user.roles.includes(props.role) ? session.me()?.user.unit : undefined);
  return (
    <main class={`page portal ${props.area}`} id="main">
      <Show
        when={unit()}
        fallback={
          <>
            <h1>{props.heading}</h1>
            <p class="notice">{props.refusal}</p>
          </>
        }
      >
        {(u) => props.children(u())}
      </Show>
    </main>
  );
}

/** The tab of `tabs` the address names (`?tab=`), or `fallback` when it names none. */
export function tabOf<Tab extends string>(tabs: readonly Tab[], name: string | undefined, fallback: Tab): Tab {
  return tabs.find((tab) => tab === name) ?? fallback;
}

/** A portal's tabs: links to `?tab=<name>`, the current one marked for assistive technology. */
export function PortalTabs<Tab extends string>(props: {
  tabs: readonly Tab[];
  current: Tab;
  /** The navigation's accessible name. */
  label: string;
  title: (tab: Tab) => string;
  /** Called when a tab is followed (the portals clear their last notice). */
  onSelect: () => void;
  /** The tab's address, when the page keeps more than the tab in it (default `?tab=<name>`). */
  href?: (tab: Tab) => string;
}) {
  return (
    <nav class="portal-tabs" aria-label={props.label}>
      <For each={props.tabs}>
        {(name) => (
          <A
            href={props.href?.(name) ?? `?tab=${name}`}
            aria-current={props.current === name ? 'page' : undefined}
            classList={{ active: props.current === name }}
            onClick={() => props.onSelect()}
          >
            {props.title(name)}
          </A>
        )}
      </For>
    </nav>
  );
}
