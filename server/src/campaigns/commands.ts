import { campaigns, campaignStatus, campaignUnits, classificationOptions, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Tx } from '../activity/mutate.ts';
import { inIds } from '../id-lists.ts';
import { type Command, updateVersioned } from '../activity/mutate.ts';
import { canWriteAs, type Viewer } from '../accounts/permissions.ts';
import { dayInChina, parseDateInput } from '../dates.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';
import { scheduleFault, type StageWindows, windowFields, type WindowField } from './stages.ts';

/**
 * The campaign's commands: the coordinator (the lead office) opens a year's round and moves it
 * along its path. GraphQL, the seed and the command line call these.
 */

export const campaignWhat = { zh: '工作年度', en: 'campaign' };

export type CampaignStatus = (typeof campaignStatus.enumValues)[number];
/** The campaign's path (the enum is declared in order); it only moves forward. */
const path: readonly CampaignStatus[] = campaignStatus.enumValues;

/** The first status at which the campaign's results are public: reaching it sets publishedOn. */
const publishedStatus: CampaignStatus = 'published';

/** The most units a campaign lists as taking part, and the most terms of its vocabulary. */
export const campaignLimits = { units: 200, classificationOptions: 50 } as const;

/** The years a campaign may be for (the campaigns_year_range check). */
const years = { first: 2000, last: 2100 };

/** Refuses a year no campaign or key task may be for. */
export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < years.first || year > years.last) {
    throw new ValidationError('input.year', `年度应在 ${years.first} 至 ${years.last} 之间`, `The year must be between ${years.first} and ${years.last}`);
  }
}

function refuseAllButCoordinator(viewer: Viewer): void {
  if (!canWriteAs(viewer, 'coordinator')) {
    throw new ForbiddenError('只有统筹人员可以管理工作年度', 'Only the coordinator manages campaigns');
  }
}

/**
 * The stage windows given (each stage's opening day and deadline, `YYYY-MM-DD`), each checked as a
 * real day. Absent fields are left out; null clears one.
 */
function windowsOf(input: StageWindows): Partial<Record<WindowField, string | null>> {
  return Object.fromEntries(
    windowFields.flatMap((field) => {
      const value = input[field];
      if (value === undefined) return [];
      return [[field, value === null ? null : parseDateInput(value, `input.${field}`)]];
    }),
  );
}

/** Refuses a schedule whose stages close before they open or open out of order. */
function checkSchedule(windows: StageWindows): void {
  const fault = scheduleFault(windows);
  if (fault) throw new ValidationError(`input.${fault.field}`, fault.zh, fault.en);
}

/** The units taking part, checked to be municipal departments, without repeats, in one statement. */
async function participatingUnits(tx: Tx, unitIds: readonly number[]): Promise<number[]> {
  if (unitIds.length > campaignLimits.units) {
    throw new ValidationError('input.unitIds', `参与单位最多 ${campaignLimits.units} 个`, `At most ${campaignLimits.units} units may take part`);
  }
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return [];
  const found = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(inIds(units.id, ids), eq(units.kind, 'department')));
  const known = new Set(found.map((row) => row.id));
  const unknown = unitIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw new ValidationError(`input.unitIds.${unknown}`, '参与单位应为市直单位', 'Each unit taking part must be a municipal department');
  }
  return ids;
}

/** Replaces the campaign's units taking part. */
async function writeUnits(tx: Tx, campaignId: number, unitIds: readonly number[]): Promise<void> {
  await tx.delete(campaignUnits).where(eq(campaignUnits.campaignId, campaignId));
  if (unitIds.length > 0) await tx.insert(campaignUnits).values(unitIds.map((unitId) => ({ campaignId, unitId })));
}

/** The classification vocabulary of the latest campaign before `year`: a new round starts from it. */
async function previousVocabulary(tx: Tx, year: number): Promise<ClassificationOptionInput[]> {
  const [previous] = await tx.select({ id: campaigns.id }).from(campaigns).where(lt(campaigns.year, year)).orderBy(desc(campaigns.year)).limit(1);
  if (!previous) return [];
  return tx
    .select({ code: classificationOptions.code, labelZh: classificationOptions.labelZh, labelEn: classificationOptions.labelEn })
    .from(classificationOptions)
    .where(eq(classificationOptions.campaignId, previous.id))
    .orderBy(asc(classificationOptions.sortOrder), asc(classificationOptions.id));
}

export interface ClassificationOptionInput {
  /** Stable within the campaign: votes and final classifications name it. */
  code: string;
  labelZh: string;
  labelEn: string;
}

export interface CreateCampaignInput extends StageWindows {
  year: number;
  title: string;
  /** The work notice, e.g. 穗府办函〔2019〕106号. */
  noticeNumber?: string | null;
  /** The municipal departments taking part (database ids). */
  unitIds?: readonly number[] | null;
  /**
   * The team's classification vocabulary for the round, in the order it is offered. Absent (or
   * null): the previous year's vocabulary.
   */
  classificationOptions?: readonly ClassificationOptionInput[] | null;
}

/**
 * Opens a year's round, in planning (the first status of its path), led by the coordinator's unit
 * (the lead office), with its units taking part, its schedule and its classification vocabulary
 * (the previous year's unless given). One campaign per year: the campaigns_year_key index decides
 * (activity/unique-rules.ts).
 */
export const createCampaign: Command<CreateCampaignInput, { campaignId: number }> = async (m, input) => {
  refuseAllButCoordinator(m.viewer);
  checkYear(input.year);
  const title = requiredText(input.title, 'input.title', textLimits.shortName);
  const noticeNumber = optionalText(input.noticeNumber, 'input.noticeNumber', textLimits.shortName);
  const windows = windowsOf(input);
  checkSchedule(windows);
  const unitIds = await participatingUnits(m.tx, input.unitIds ?? []);
  const vocabulary = input.classificationOptions ?? (await previousVocabulary(m.tx, input.year));
  if (vocabulary.length > campaignLimits.classificationOptions) {
    throw new ValidationError(
      'input.classificationOptions',
      `分类最多 ${campaignLimits.classificationOptions} 项`,
      `At most ${campaignLimits.classificationOptions} classification terms`,
    );
  }
  const options = vocabulary.map((option, i) => ({
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
      ...windows,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: campaigns.id });
  const campaignId = campaign!.id;
  if (options.length > 0) await m.tx.insert(classificationOptions).values(options.map((option) => ({ ...option, campaignId })));
  await writeUnits(m.tx, campaignId, unitIds);
  m.record({
    action: 'campaign.created',
    entityId: campaignId,
    campaignId,
    after: { year: input.year, title, status: path[0], ...windows, unitIds },
  });
  return { campaignId };
};

export interface UpdateCampaignInput extends StageWindows {
  campaignId: number;
  expectedVersion: number;
  /** Forward only along the path; publishing makes approved proposals public. */
  status?: CampaignStatus | null;
  /** Replaces the units taking part, when given. */
  unitIds?: readonly number[] | null;
}

/**
 * The coordinator moves the campaign along its path (forward only; reaching `published` sets
 * publishedOn to the city's day by the domain clock), sets its stage windows and its units
 * taking part. Opening `submission` is what lets departments propose (proposalRefusal).
 */
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
  const windows = windowsOf(input);
  checkSchedule({ ...current, ...windows });
  const unitIds = input.unitIds ? await participatingUnits(m.tx, input.unitIds) : null;
  const publishes = !!input.status && current.publishedOn === null && path.indexOf(input.status) >= path.indexOf(publishedStatus);
  const changes = {
    ...(input.status && input.status !== current.status ? { status: input.status } : {}),
    ...(publishes ? { publishedOn: dayInChina(m.now) } : {}),
    ...windows,
  };
  if (Object.keys(changes).length === 0 && !unitIds) {
    throw new ValidationError('input', '没有要修改的内容', 'Nothing to change');
  }
  const updated = await updateVersioned(
    m.tx,
    campaigns,
    { id, expectedVersion: input.expectedVersion, typename: 'Campaign', what: campaignWhat },
    { ...changes, updatedAt: m.now.toISOString() },
  );
  const unitsBefore = unitIds ? await unitIdsOf(m.tx, id) : null;
  if (unitIds) await writeUnits(m.tx, id, unitIds);
  m.record({
    action: 'campaign.updated',
    entityId: id,
    campaignId: id,
    before: { ...Object.fromEntries(Object.keys(changes).map((key) => [key, current[key as keyof typeof current]])), ...(unitsBefore ? { unitIds: unitsBefore } : {}) },
    after: { ...changes, ...(unitIds ? { unitIds } : {}), version: updated.version },
  });
  return { campaignId: id };
};

/** The campaign's units taking part, by id. */
async function unitIdsOf(tx: Tx, campaignId: number): Promise<number[]> {
  const rows = await tx.select({ unitId: campaignUnits.unitId }).from(campaignUnits).where(eq(campaignUnits.campaignId, campaignId)).orderBy(asc(campaignUnits.unitId));
  return rows.map((row) => row.unitId);
}
