/** The hotlines of plan §4: one for operation questions, one for system fault reports. */
import { z } from 'zod';

export const HOTLINE_PURPOSES = ['operation_question', 'system_fault'] as const;

export const hotlineIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (at most 64)');

export const phoneNumberSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, 'a phone number: digits, spaces, + - ( )');

export const hotlineSchema = z
  .object({
    id: hotlineIdSchema,
    number: phoneNumberSchema.describe('e.g. 0755-33990377'),
    purpose: z
      .enum(HOTLINE_PURPOSES)
      .describe('operation_question: 操作类问题; system_fault: 系统类问题 (fault reports).'),
    labelZh: z.string().trim().min(1).max(200),
    labelEn: z.string().trim().min(1).max(200),
  })
  .meta({ id: 'Hotline' });

export const createHotlineSchema = hotlineSchema.meta({ id: 'NewHotline' });
export const updateHotlineSchema = hotlineSchema
  .omit({ id: true })
  .partial()
  .meta({ id: 'HotlinePatch' });

export type HotlineDto = z.infer<typeof hotlineSchema>;
