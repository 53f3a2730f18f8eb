import { campaigns, campaignStatus } from '@devolve/db';
import { eq } from 'drizzle-orm';
import { mutate, updateVersioned } from '../activity/mutate.ts';
import { builder } from '../builder.ts';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { databaseIdOf } from '../ids.ts';
import { Campaign, CampaignStatus } from './campaigns.ts';

const campaignWhat = { zh: '工作年度', en: 'campaign' };
/** The campaign's path (the enum is declared in order); it only moves forward. */
const path = campaignStatus.enumValues;

const UpdateCampaignInput = builder.inputType('UpdateCampaignInput', {
  fields: (t) => ({
    campaignId: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    status: t.field({ type: CampaignStatus, description: 'Forward only along the campaign path.' }),
    submissionDeadline: t.field({ type: 'Date' }),
    reviewDeadline: t.field({ type: 'Date' }),
    consultationDeadline: t.field({ type: 'Date' }),
    approvalDeadline: t.field({ type: 'Date' }),
  }),
});

builder.mutationField('updateCampaign', (t) =>
  t.drizzleField({
    type: Campaign,
    errors: {},
    description: "The coordinator moves the campaign along its path (publishing makes approved proposals public) and sets its deadlines.",
    authScopes: { canWrite: ['coordinator'] },
    args: { input: t.arg({ type: UpdateCampaignInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      mutate(ctx, async (m) => {
        const id = databaseIdOf(String(input.campaignId), 'Campaign', 'input.campaignId');
        const [current] = await m.tx.select().from(campaigns).where(eq(campaigns.id, id));
        if (!current) throw new NotFoundError(campaignWhat, String(input.campaignId));
        if (input.status && path.indexOf(input.status) < path.indexOf(current.status)) {
          throw new InvalidTransitionError('工作年度只能向后推进', 'A campaign only moves forward');
        }
        const changes = {
          ...(input.status ? { status: input.status } : {}),
          ...(input.submissionDeadline ? { submissionDeadline: input.submissionDeadline } : {}),
          ...(input.reviewDeadline ? { reviewDeadline: input.reviewDeadline } : {}),
          ...(input.consultationDeadline ? { consultationDeadline: input.consultationDeadline } : {}),
          ...(input.approvalDeadline ? { approvalDeadline: input.approvalDeadline } : {}),
        };
        if (Object.keys(changes).length === 0) {
          throw new ValidationError('input', '没有要修改的内容', 'Nothing to change');
        }
        const updated = await updateVersioned(
          m.tx,
          campaigns,
          { id, expectedVersion: input.expectedVersion, typename: 'Campaign', what: campaignWhat },
          { ...changes, updatedAt: new Date().toISOString() },
        );
        m.record({
          action: 'campaign.updated',
          entityId: id,
          campaignId: id,
          before: Object.fromEntries(Object.keys(changes).map((key) => [key, current[key as keyof typeof current]])),
          after: { ...changes, version: updated.version },
        });
        return (await m.tx.query.campaigns.findFirst(query({ where: { id } })))!;
      }),
  }),
);
