/**
 * The domain clock in the browser: the server's `domainNow` (the demo's story time), running on
 * with the browser's clock. Relative dates ("3 分钟前") and overdue marks measure against it, so
 * they agree with what the server stamps; until the server has answered, it is the browser's time.
 */
let offsetMs = 0;

/** Takes the server's domain time, as the session query returns it. */
export function setDomainNow(serverNow: string): void {
  const at = Date.parse(serverNow);
  if (!Number.isNaN(at)) offsetMs = at - Date.now();
}

export function domainNow(): Date {
  return new Date(Date.now() + offsetMs);
}
