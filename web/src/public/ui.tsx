import { type Accessor, createEffect, type JSX, type Resource, Show } from 'solid-js';
import { locale } from '../i18n/locale.ts';
import { errorText, publicStrings } from './strings.ts';

/** A resource's content once loaded; a loading line meanwhile and a failure with a retry. */
export function Loaded<T>(props: { resource: Resource<T>; retry: () => void; children: (value: Accessor<NonNullable<T>>) => JSX.Element }) {
  const t = publicStrings;
  return (
    <Show
      when={!props.resource.error}
      fallback={
        <div class="public-error" role="alert">
          <p>{t().failed(errorText(props.resource.error, locale() !== 'en'))}</p>
          <button type="button" onClick={() => props.retry()}>
            {t().retry}
          </button>
        </div>
      }
    >
      <Show when={props.resource()} fallback={<p class="muted" role="status">{t().loading}</p>} keyed={false}>
        {(value) => props.children(value)}
      </Show>
    </Show>
  );
}

/** Sets the document's title to the page's, after the site name. */
export function usePageTitle(title: Accessor<string>): void {
  createEffect(() => {
    document.title = `${title()} · ${publicStrings().siteName}`;
  });
}
