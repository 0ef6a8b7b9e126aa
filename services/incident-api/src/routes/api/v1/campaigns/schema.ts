/**
 * Campaigns: a time-bounded override of systems' grade (the nationwide bidding handles OVMS,
 * grade B, as grade A), possibly with its own service-window calendar (DOMAIN.md §4).
 */
import { z } from 'zod';
import { GRADES } from '@ovms/policy';

export const campaignIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (at most 64)');

const isoInstant = z.iso
  .datetime({ offset: true })
  .describe('An instant in ISO 8601 with a zone offset, e.g. 2015-07-20T00:00:00+08:00.');

const systemIdsSchema = z
  .array(z.string().min(1).max(64))
  .min(1)
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, 'a system appears twice')
  .describe('The systems the campaign covers; each must exist.');

export const campaignSchema = z
  .object({
    id: campaignIdSchema,
    name: z.string(),
    systemIds: z.array(z.string()),
    startsAt: z.string().describe('Start of the window (included).'),
    endsAt: z.string().describe('End of the window (excluded).'),
    gradeOverride: z
      .enum(GRADES)
      .nullable()
      .describe('The grade the systems are handled as inside the window; null: their own.'),
    calendarId: z
      .string()
      .nullable()
      .describe('The service window inside the campaign; null: each system’s own calendar.'),
  })
  .meta({ id: 'Campaign' });

const campaignFields = z.object({
  name: z.string().trim().min(1).max(200),
  systemIds: systemIdsSchema,
  startsAt: isoInstant,
  endsAt: isoInstant,
  gradeOverride: z.enum(GRADES).nullable(),
  calendarId: z.string().min(1).max(64).nullable(),
});

export const createCampaignSchema = campaignFields
  .extend({
    id: campaignIdSchema,
    gradeOverride: campaignFields.shape.gradeOverride.default(null),
    calendarId: campaignFields.shape.calendarId.default(null),
  })
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), {
    path: ['endsAt'],
    message: 'the window must end after it starts',
  })
  .meta({ id: 'NewCampaign' });

export const updateCampaignSchema = campaignFields.partial().meta({ id: 'CampaignPatch' });

export type CampaignDto = z.infer<typeof campaignSchema>;
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;
