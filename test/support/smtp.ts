import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestServer, type TestServer } from './server.ts';

/** A message as the test SMTP server received and parsed it. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message received so far, in order. */
  received: ReceivedMail[];
  /** Resolves with the next message (or the first already waiting that has not been taken). */
  nextMail(): Promise<ReceivedMail>;
  /** Refuses the next `count` messages at RCPT TO with a temporary error (451), as a busy relay does. */
  refuseNext(count: number): void;
  /** Resolves once every refusal asked for has been made. */
  refusalsDone(): Promise<void>;
  /** How many messages were refused so far. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a free port of 127.0.0.1: the server under test sends its
 * digests over the wire to it and the test reads them parsed (mailparser), never a mock transport.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let taken = 0;
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  let toRefuse = 0;
  let refused = 0;
  let refusalsWaiting: (() => void)[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      if (toRefuse === 0) return callback();
      toRefuse -= 1;
      refused += 1;
      if (toRefuse === 0) {
        for (const resolve of refusalsWaiting) resolve();
        refusalsWaiting = [];
      }
      callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push({ to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '', subject: mail.subject ?? '', text: mail.text ?? '' });
        const resolve = waiting.shift();
        if (resolve) resolve(received[taken++]!);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    nextMail: () => (taken < received.length ? Promise.resolve(received[taken++]!) : new Promise((resolve) => waiting.push(resolve))),
    refuseNext(count) {
      toRefuse = count;
    },
    refusalsDone: () => (toRefuse === 0 ? Promise.resolve() : new Promise((resolve) => refusalsWaiting.push(resolve))),
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => smtp.close(resolve)),
  };
}

export interface DigestServer {
  smtp: TestSmtpServer;
  /** A server on the seeded demo data whose scheduled jobs (the digest among them) run every 200 ms. */
  server: TestServer;
  close(): Promise<void>;
}

/** A test SMTP server and a seeded server mailing its digests to it, links under https://review.example. */
export async function startDigestServer(): Promise<DigestServer> {
  const smtp = await startSmtpServer();
  const server = await startTestServer({
    seed: true,
    env: { SMTP_URL: smtp.url, SMTP_FROM: 'Devolve <devolve@review.example>', DEVOLVE_PUBLIC_URL: 'https://review.example' },
    config: { jobs: true, jobSweepMs: 200 },
  }).catch(async (error: unknown) => {
    await smtp.close();
    throw error;
  });
  return {
    smtp,
    server,
    close: async () => {
      await server.close();
      await smtp.close();
    },
  };
}
