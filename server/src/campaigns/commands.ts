import { campaigns, campaignStatus, classificationOptions } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { type Command, updateVersioned } from '../activity/mutate.ts';
import { canWriteAs, type Viewer } from '../accounts/permissions.ts';
import { parseDateInput } from '../dates.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';

/**
 * The campaign's commands: the coordinator (the lead office) opens a year's round and moves it
 * along its path. GraphQL, the seed and the command line call these.
 */

export const campaignWhat = { zh: '工作年度', en: 'campaign' };

export type CampaignStatus = (typeof campaignStatus.enumValues)[number];
/** The campaign's path (the enum is declared in order); it only moves forward. */
const path: readonly CampaignStatus[] = campaignStatus.enumValues;

/** The deadlines the coordinator sets, as `YYYY-MM-DD`. */
export interface CampaignDeadlines {
  submissionDeadline?: string | null;
  reviewDeadline?: string | null;
  consultationDeadline?: string | null;
  approvalDeadline?: string | null;
}
const deadlineFields = ['submissionDeadline', 'reviewDeadline', 'consultationDeadline', 'approvalDeadline'] as const;

/** The years a campaign may be for (the campaigns_year_range check). */
const years = { first: 2000, last: 2100 };

function refuseAllButCoordinator(viewer: Viewer): void {
  if (!canWriteAs(viewer, 'coordinator')) {
    throw new ForbiddenError('只有统筹人员可以管理工作年度', 'Only the coordinator manages campaigns');
  }
}

/** The given deadlines, each checked as a real day; absent and null ones are left out. */
function deadlinesOf(input: CampaignDeadlines): Partial<Record<(typeof deadlineFields)[number], string>> {
  return Object.fromEntries(
    deadlineFields.flatMap((field) => {
      const value = input[field];
      return value ? [[field, parseDateInput(value, `input.${field}`)]] : [];
    }),
  );
}

export interface ClassificationOptionInput {
  /** Stable within the campaign: votes and final classifications name it. */
  code: string;
  labelZh: string;
  labelEn: string;
}

export interface CreateCampaignInput extends CampaignDeadlines {
  year: number;
  title: string;
  /** The work notice, e.g. 穗府办函〔2019〕106号. */
  noticeNumber?: string | null;
  submissionOpensOn?: string | null;
  /** The team's classification vocabulary for the round, in the order it is offered. */
  classificationOptions?: readonly ClassificationOptionInput[];
}

/**
 * Opens a year's round, in planning (the first status of its path), led by the coordinator's unit
 * (the lead office), with its schedule and classification vocabulary. One campaign per year: the
 * campaigns_year_key index decides (activity/unique-rules.ts).
 */
export const createCampaign: Command<CreateCampaignInput, { campaignId: number }> = async (m, input) => {
  refuseAllButCoordinator(m.viewer);
  if (!Number.isInteger(input.year) || input.year < years.first || input.year > years.last) {
    throw new ValidationError('input.year', `年度应在 ${years.first} 至 ${years.last} 之间`, `The year must be between ${years.first} and ${years.last}`);
  }
  const title = requiredText(input.title, 'input.title', textLimits.shortName);
  const noticeNumber = optionalText(input.noticeNumber, 'input.noticeNumber', textLimits.shortName);
  const submissionOpensOn = input.submissionOpensOn ? parseDateInput(input.submissionOpensOn, 'input.submissionOpensOn') : null;
  const options = (input.classificationOptions ?? []).map((option, i) => ({
    code: requiredText(option.code, `input.classificationOptions.${i}.code`, textLimits.shortName),
    labelZh: requiredText(option.labelZh, `input.classificationOptions.${i}.labelZh`, textLimits.shortName),
    labelEn: requiredText(option.labelEn, `input.classificationOptions.${i}.labelEn`, textLimits.shortName),
    sortOrder: i + 1,
  }));
  const codes = options.map((option) => option.code);
  const repeated = codes.findIndex((code, i) => codes.indexOf(code) !== i);
  if (repeated >= 0) {
    throw new ValidationError(`input.classificationOptions.${repeated}.code`, '分类代码不能重复', 'Each classification code may appear once');
  }
  const at = m.now.toISOString();
  const [campaign] = await m.tx
    .insert(campaigns)
    .values({
      year: input.year,
      title,
      noticeNumber,
      leadUnitId: m.viewer.unitId,
      status: path[0],
      submissionOpensOn,
      ...deadlinesOf(input),
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: campaigns.id });
  const campaignId = campaign!.id;
  if (options.length > 0) await m.tx.insert(classificationOptions).values(options.map((option) => ({ ...option, campaignId })));
  m.record({
    action: 'campaign.created',
    entityId: campaignId,
    campaignId,
    after: { year: input.year, title, status: path[0] },
  });
  return { campaignId };
};

export interface UpdateCampaignInput extends CampaignDeadlines {
  campaignId: number;
  expectedVersion: number;
  /** Forward only along the path; publishing makes approved proposals public. */
  status?: CampaignStatus | null;
}

/** The coordinator moves the campaign along its path and sets its deadlines. */
export const updateCampaign: Command<UpdateCampaignInput, { campaignId: number }> = async (m, input) => {
  refuseAllButCoordinator(m.viewer);
  const id = input.campaignId;
  const [current] = await m.tx.select().from(campaigns).where(eq(campaigns.id, id));
  if (!current) throw new NotFoundError(campaignWhat, encodeGlobalID('Campaign', id));
  if (input.status && !path.includes(input.status)) {
    throw new ValidationError('input.status', '没有这个工作年度状态', `No such campaign status: ${input.status}`);
  }
  if (input.status && path.indexOf(input.status) < path.indexOf(current.status)) {
    throw new InvalidTransitionError('工作年度只能向后推进', 'A campaign only moves forward');
  }
  const changes = { ...(input.status ? { status: input.status } : {}), ...deadlinesOf(input) };
  if (Object.keys(changes).length === 0) {
    throw new ValidationError('input', '没有要修改的内容', 'Nothing to change');
  }
  const updated = await updateVersioned(
    m.tx,
    campaigns,
    { id, expectedVersion: input.expectedVersion, typename: 'Campaign', what: campaignWhat },
    { ...changes, updatedAt: m.now.toISOString() },
  );
  m.record({
    action: 'campaign.updated',
    entityId: id,
    campaignId: id,
    before: Object.fromEntries(Object.keys(changes).map((key) => [key, current[key as keyof typeof current]])),
    after: { ...changes, version: updated.version },
  });
  return { campaignId: id };
};
