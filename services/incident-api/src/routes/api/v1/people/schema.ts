/** The roster: people and the groups of plan §3.2 they belong to (a lead flag per group). */
import { z } from 'zod';
import { GROUPS } from '@ovms/policy';
import { newPasswordSchema } from '../../../../domain/identity/passwords.js';

export const personIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (at most 64)');

const phoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, 'a phone number: digits, spaces, + - ( )');

export const membershipSchema = z
  .object({
    groupId: z.enum(GROUPS),
    isLead: z.boolean().describe('The group’s lead (组长): receives escalated notices.'),
  })
  .meta({ id: 'Membership' });

const membershipInputSchema = membershipSchema.extend({ isLead: z.boolean().default(false) });

const membershipListSchema = z
  .array(membershipInputSchema)
  .max(GROUPS.length)
  .superRefine((list, ctx) => {
    list.forEach((m, i) => {
      if (list.findIndex((other) => other.groupId === m.groupId) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'groupId'],
          message: `${m.groupId} appears twice`,
        });
      }
    });
  });

export const personSchema = z
  .object({
    id: personIdSchema,
    name: z.string(),
    organisation: z.string(),
    title: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    active: z.boolean().describe('An inactive person keeps their history but may no longer act.'),
    groups: z.array(membershipSchema),
  })
  .meta({ id: 'Person' });

const personFields = z.object({
  name: z.string().trim().min(1).max(100),
  organisation: z.string().trim().min(1).max(200),
  title: z.string().trim().max(200),
  phone: phoneSchema.nullable(),
  email: z.email().max(200).nullable(),
});

export const createPersonSchema = personFields
  .extend({
    id: personIdSchema,
    title: personFields.shape.title.default(''),
    phone: personFields.shape.phone.default(null),
    email: personFields.shape.email.default(null),
    groups: membershipListSchema.default([]),
    password: newPasswordSchema
      .optional()
      .describe(
        'Their first password, so they can sign in at once; without it an admin sets one later.',
      ),
  })
  .meta({ id: 'NewPerson' });

export const updatePersonSchema = personFields.partial().meta({ id: 'PersonPatch' });

export const setMembershipsSchema = z
  .object({ groups: membershipListSchema.describe('Every group of the person; others are left.') })
  .meta({ id: 'MembershipsSetting' });

export const peopleQuerySchema = z.object({
  group: z.enum(GROUPS).optional().describe('Only members of this group.'),
  active: z.enum(['true', 'false']).optional().describe('Only active (or inactive) people.'),
});

export type PersonDto = z.infer<typeof personSchema>;
export type MembershipInput = z.infer<typeof membershipInputSchema>;
