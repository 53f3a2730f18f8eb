import { createEffect, on, onCleanup } from 'solid-js';
import { createSubscription, useClient } from '@urql/solid';
import { liveDown } from '../client.ts';
import { PresenceSubscription, SetTypingMutation } from './presence-query.ts';
import { typingThrottle } from './typing-throttle.ts';

/** Someone looking at the proposal now, and the thread they are typing in (if you may read it). */
export type PresenceEntry = {
  user: { id: string; displayName: string; unit: { shortName: string } };
  typingInThreadId: string | null;
};

/**
 * Being present on a proposal: one `presence` subscription for as long as the calling component
 * is mounted (subscribing is "I am looking at it"; it ends, and so leaves, on unmount). Returns the
 * people looking at it now, the signed-in person included. While the live connection is down
 * nobody is shown: the list would be stale.
 */
export function followPresence(proposalId: () => string): () => PresenceEntry[] {
  const [result] = createSubscription({
    query: PresenceSubscription,
    variables: () => ({ proposalId: proposalId() }),
  });
  return () => (liveDown() ? [] : (result.data?.presence ?? []));
}

/** Call on every keystroke in a thread's composer; `stop()` when the text is sent or discarded. */
export type TypingNotifier = (() => void) & { stop(): void };

/**
 * Tells the others looking at the proposal that the signed-in person is typing in a thread (see
 * typing-throttle.ts for how often). Stops by itself after a quiet spell, when the thread changes
 * and when the calling component unmounts. Does nothing while `threadId()` is null (a thread not
 * started yet has nobody to tell).
 */
export function createTypingNotifier(proposalId: () => string, threadId: () => string | null): TypingNotifier {
  const client = useClient();
  // The proposal of the thread being typed in: "stopped" goes to it even after the props moved on.
  let typingOn = proposalId();
  const throttle = typingThrottle((thread, typing) => {
    // Ephemeral and best-effort: a lost signal expires on the server by itself.
    void client.mutation(SetTypingMutation, { input: { proposalId: typingOn, threadId: thread, typing } }).toPromise();
  });
  createEffect(on([proposalId, threadId], () => throttle.stop(), { defer: true }));
  onCleanup(() => throttle.stop());

  const notify = () => {
    const thread = threadId();
    if (thread === null) return;
    typingOn = proposalId();
    throttle.input(thread);
  };
  return Object.assign(notify, { stop: throttle.stop });
}
