import { campaigns, consultations, proposals, reminders, units } from '@devolve/db';
import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { acknowledgeReminders, sendReminders } from './commands.ts';

let t: CommandTestDatabase;
let coordinator: Viewer;
let campaignId: number;
let otherCampaignId: number;
/** A submitted proposal of the 2019 campaign, its department, and a district asked about a delegation. */
let proposal: { id: number; unitId: number };
let consultation: { id: number };
let districtId: number;
let department: Viewer;
let liaison: Viewer;

const at = new Date('2019-12-27T09:30:00.000Z');
const clock = () => at;

beforeAll(async () => {
  t = await commandTestDatabase();
  coordinator = await t.viewer('coordinator');
  const [current, other] = await t.db.select({ id: campaigns.id, year: campaigns.year }).from(campaigns).orderBy(asc(campaigns.year));
  // The demo has the 2019 round and the next year's in planning.
  campaignId = current!.id;
  otherCampaignId = other!.id;
  const [p] = await t.db
    .select({ id: proposals.id, unitId: proposals.submittingUnitId, unitCode: units.code })
    .from(proposals)
    .innerJoin(units, eq(units.id, proposals.submittingUnitId))
    .where(and(eq(proposals.campaignId, campaignId), ne(proposals.stage, 'draft')))
    .orderBy(asc(proposals.id))
    .limit(1);
  proposal = p!;
  department = await t.viewer(p!.unitCode.toLowerCase());
  const [district] = await t.db.select({ id: units.id, code: units.code }).from(units).where(eq(units.kind, 'district')).orderBy(asc(units.code)).limit(1);
  districtId = district!.id;
  liaison = await t.viewer(`district-${district!.code}`);
  const [c] = await t.db.select({ id: consultations.id }).from(consultations).orderBy(asc(consultations.id)).limit(1);
  consultation = c!;
});
afterAll(() => t.dispose());

describe('sendReminders', () => {
  it('chases a department about its proposal, a district about the campaign and a person about a consultation, logging each', async () => {
    const before = await t.lastActivityId();
    const { reminderIds } = await t.run(
      coordinator,
      sendReminders,
      {
        campaignId,
        channel: 'phone',
        message: ' 请于本周内反馈 ',
        dueOn: '2019-12-31',
        reminders: [
          { recipientUnitId: proposal.unitId, subject: 'proposal', subjectId: proposal.id },
          { recipientUnitId: districtId, subject: 'campaign' },
          { recipientUserId: liaison.userId, subject: 'consultation', subjectId: consultation.id },
        ],
      },
      clock,
    );
    expect(reminderIds).toHaveLength(3);
    const rows = await t.db.select().from(reminders).where(eq(reminders.campaignId, campaignId)).orderBy(asc(reminders.id));
    expect(rows.slice(-3).map((r) => [r.id, r.recipientUnitId, r.recipientUserId, r.subject, r.subjectId, r.channel, r.message, r.dueOn, r.sentById, r.acknowledgedAt])).toEqual([
      [reminderIds[0], proposal.unitId, null, 'proposal', proposal.id, 'phone', '请于本周内反馈', '2019-12-31', coordinator.userId, null],
      [reminderIds[1], districtId, null, 'campaign', null, 'phone', '请于本周内反馈', '2019-12-31', coordinator.userId, null],
      [reminderIds[2], null, liaison.userId, 'consultation', consultation.id, 'phone', '请于本周内反馈', '2019-12-31', coordinator.userId, null],
    ]);
    for (const row of rows.slice(-3)) expect(new Date(row.sentAt).toISOString()).toBe(at.toISOString());
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.campaignId, a.proposalId, a.districtId, a.actorId])).toEqual([
      ['reminder.sent', 'reminder', reminderIds[0], campaignId, proposal.id, null, coordinator.userId],
      ['reminder.sent', 'reminder', reminderIds[1], campaignId, null, districtId, coordinator.userId],
      ['reminder.sent', 'reminder', reminderIds[2], campaignId, null, null, coordinator.userId],
    ]);
    for (const entry of logged) expect(new Date(entry.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses everyone but the coordinator, an empty or oversized list, a missing recipient or subject and a row of another campaign, sending none', async () => {
    const before = await t.lastActivityId();
    const count = async () => (await t.db.select({ id: reminders.id }).from(reminders)).length;
    const sent = await count();
    const one = { recipientUnitId: proposal.unitId, subject: 'proposal' as const, subjectId: proposal.id };
    const input = { campaignId, channel: 'notice' as const, reminders: [one] };
    const refusals: [() => Promise<unknown>, string][] = [
      [() => t.run(department, sendReminders, input), 'FORBIDDEN'],
      [() => t.run({ ...coordinator, readOnly: true }, sendReminders, input), 'FORBIDDEN'],
      [() => t.run(coordinator, sendReminders, { ...input, reminders: [] }), 'VALIDATION'],
      [() => t.run(coordinator, sendReminders, { ...input, reminders: Array.from({ length: 1001 }, () => one) }), 'VALIDATION'],
      [() => t.run(coordinator, sendReminders, { ...input, reminders: [one, { recipientUnitId: districtId, recipientUserId: liaison.userId, subject: 'campaign' }] }), 'VALIDATION'],
      [() => t.run(coordinator, sendReminders, { ...input, reminders: [one, { recipientUnitId: districtId, subject: 'proposal' }] }), 'VALIDATION'],
      [() => t.run(coordinator, sendReminders, { ...input, reminders: [one, { recipientUnitId: 2_000_000_000, subject: 'campaign' }] }), 'NOT_FOUND'],
      [() => t.run(coordinator, sendReminders, { ...input, reminders: [one, { ...one, subjectId: 2_000_000_000 }] }), 'NOT_FOUND'],
      [() => t.run(coordinator, sendReminders, { ...input, campaignId: otherCampaignId }), 'VALIDATION'],
      [() => t.run(coordinator, sendReminders, { ...input, dueOn: '2019-02-30' }), 'VALIDATION'],
      [() => t.run(coordinator, sendReminders, { ...input, message: '催'.repeat(2001) }), 'VALIDATION'],
    ];
    for (const [refused, code] of refusals) await expect(refused()).rejects.toMatchObject({ code });
    expect(await t.activitySince(before)).toEqual([]);
    expect(await count()).toBe(sent);
  });
});

describe('acknowledgeReminders', () => {
  it('lets the unit chased mark its reminders seen once, and nobody else', async () => {
    const { reminderIds } = await t.run(coordinator, sendReminders, {
      campaignId,
      channel: 'notice',
      reminders: [
        { recipientUnitId: proposal.unitId, subject: 'campaign' },
        { recipientUnitId: districtId, subject: 'campaign' },
      ],
    });
    const [toDepartment, toDistrict] = reminderIds as [number, number];
    const before = await t.lastActivityId();
    await expect(t.run(liaison, acknowledgeReminders, { reminderIds: [toDepartment] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(coordinator, acknowledgeReminders, { reminderIds: [toDepartment] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.run(department, acknowledgeReminders, { reminderIds: [toDepartment, toDistrict] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.run(department, acknowledgeReminders, { reminderIds: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await t.activitySince(before)).toEqual([]);

    expect(await t.run(department, acknowledgeReminders, { reminderIds: [toDepartment] }, clock)).toEqual({ reminderIds: [toDepartment] });
    const [seen] = await t.db.select().from(reminders).where(eq(reminders.id, toDepartment));
    expect(seen).toMatchObject({ acknowledgedById: department.userId });
    expect(new Date(seen!.acknowledgedAt!).toISOString()).toBe(at.toISOString());
    expect((await t.activitySince(before)).map((a) => [a.action, a.entityId, a.actorId])).toEqual([['reminder.acknowledged', toDepartment, department.userId]]);
    await expect(t.run(department, acknowledgeReminders, { reminderIds: [toDepartment] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
