import { z } from 'zod';
import { GRADES } from '@ovms/policy';

export const systemIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (at most 64)');

export const systemSchema = z
  .object({
    id: systemIdSchema,
    name: z.string().min(1).max(200),
    grade: z.enum(GRADES).describe('Grade A/B/C of the plan §5.2 (OVMS is B).'),
    calendarId: z.string().describe('The service-window calendar used outside campaigns.'),
  })
  .meta({ id: 'System' });

export const createSystemSchema = systemSchema.meta({ id: 'NewSystem' });
export const updateSystemSchema = systemSchema
  .omit({ id: true })
  .partial()
  .meta({ id: 'SystemPatch' });

export type SystemDto = z.infer<typeof systemSchema>;
