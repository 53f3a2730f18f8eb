/**
 * The domain clock: the time a mutation stamps on what it writes (activity, updates, decisions)
 * and against which deadlines are overdue. Security decisions (session expiry, login limits) use
 * the real time, never this.
 */
export type Clock = () => Date;

export const realClock: Clock = () => new Date();
