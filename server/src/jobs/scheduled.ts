import { mutate } from '../activity/mutate.ts';
import { anyConsultationExpired, closeExpiredConsultations } from '../consultations/commands.ts';
import { fillInitialsJob } from '../power-items/initials.ts';
import { compactProposalTalliesJob } from '../proposals/tallies.ts';
import { automaticRemindersJob } from '../reminders/automatic.ts';
import { type DigestMail, notificationDigestJob } from '../notifications/digest.ts';
import type { Job } from './runner.ts';

/** A consultation whose deadline passes closes by itself within a sweep (a minute), as the system. */
export function closeExpiredConsultationsJob(everyMs: number): Job {
  return {
    name: 'close-expired-consultations',
    everyMs,
    async run(deps) {
      // Most sweeps find nothing, and a mutation must record activity: ask before opening one.
      if (!(await anyConsultationExpired(deps.db, deps.clock()))) return;
      await mutate({ ...deps, viewer: null }, (m) => closeExpiredConsultations({ ...m, viewer: null }));
    },
  };
}

/**
 * Every job the server runs (see the README's "Scheduled jobs"); the consultation sweep and the
 * e-mail digest (only with `mail`: SMTP_URL set) run every `sweepMs` (Config.jobSweepMs).
 */
export function scheduledJobs(sweepMs: number, mail?: DigestMail): readonly Job[] {
  return [closeExpiredConsultationsJob(sweepMs), automaticRemindersJob, fillInitialsJob, compactProposalTalliesJob, ...(mail ? [notificationDigestJob(mail, sweepMs)] : [])];
}
