import { mutate } from '../activity/mutate.ts';
import { anyConsultationExpired, closeExpiredConsultations } from '../consultations/commands.ts';
import { automaticRemindersJob } from '../reminders/automatic.ts';
import type { Job } from './runner.ts';

/** A consultation whose deadline passes closes by itself within a minute, as the system. */
export const closeExpiredConsultationsJob: Job = {
  name: 'close-expired-consultations',
  everyMs: 60_000,
  async run(deps) {
    // Most sweeps find nothing, and a mutation must record activity: ask before opening one.
    if (!(await anyConsultationExpired(deps.db, deps.clock()))) return;
    await mutate({ ...deps, viewer: null }, (m) => closeExpiredConsultations({ ...m, viewer: null }));
  },
};

/** Every job the server runs (see the README's "Scheduled jobs"). */
export const scheduledJobs: readonly Job[] = [closeExpiredConsultationsJob, automaticRemindersJob];
