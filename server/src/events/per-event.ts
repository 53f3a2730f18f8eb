/**
 * Work that every subscriber would repeat for the same event, done once per event for each
 * distinct key (which must name everything the answer depends on: the viewer's identity and
 * scope, the document, the arguments). The event is what a subscription's source stream yields,
 * mostly a ChangeEvent: every live subscriber of a process is handed the same event object, so the answers are shared while it is delivered and dropped with it; an event read
 * back for a catching-up stream is its own object and is answered for that stream alone. One
 * instance per call site: a key then always maps to what that site's `compute` returns.
 */
export class PerEvent {
  private readonly answers = new WeakMap<object, Map<string, unknown>>();

  get<Value>(event: object, key: string, compute: () => Value): Value {
    let byKey = this.answers.get(event);
    if (!byKey) this.answers.set(event, (byKey = new Map()));
    if (!byKey.has(key)) byKey.set(key, compute());
    // Stored by this very call site's `compute` under this key (see above).
    return byKey.get(key) as Value;
  }
}
