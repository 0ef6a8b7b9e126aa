/** The groups of plan §3.2 (fixed ids, GROUPS of @ovms/policy) with duty phones and members. */
import { z } from 'zod';
import { GROUPS } from '@ovms/policy';

export const groupIdSchema = z.enum(GROUPS);

const phoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, 'a phone number: digits, spaces, + - ( )');

export const groupMemberSchema = z
  .object({
    personId: z.string(),
    name: z.string(),
    organisation: z.string(),
    title: z.string(),
    phone: z.string().nullable(),
    active: z.boolean(),
    isLead: z.boolean(),
  })
  .meta({ id: 'GroupMember' });

export const groupSchema = z
  .object({
    id: groupIdSchema,
    nameZh: z.string(),
    nameEn: z.string(),
    phones: z.array(z.string()).describe('The group’s duty phones (值班电话).'),
    duties: z.string().describe('What the group does in the plan (§3.2, §4).'),
    members: z.array(groupMemberSchema).describe('Leads first, then by name.'),
  })
  .meta({ id: 'Group' });

export const updateGroupSchema = z
  .object({
    nameZh: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    phones: z.array(phoneSchema).max(20),
    duties: z.string().trim().max(4000),
  })
  .partial()
  .meta({ id: 'GroupPatch' });

export type GroupDto = z.infer<typeof groupSchema>;
