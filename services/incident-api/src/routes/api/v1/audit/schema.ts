import { z } from 'zod';

const isoInstant = z.iso
  .datetime({ offset: true })
  .describe('An instant in ISO 8601 with a zone offset, e.g. 2026-02-13T16:00:00+08:00.');

const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    seq: z.number().int().positive().describe('Position in the hash chain: 1, 2, 3… no gaps.'),
    at: z.string().describe('When the write was recorded (database clock, milliseconds, UTC).'),
    actorId: z.string().nullable().describe('The person who acted; null for the system.'),
    credential: z.string().nullable().describe('How the actor was identified.'),
    action: z.string().describe('What was done, e.g. incident.report or person.deactivate.'),
    entity: z.string().describe('The kind of record written, e.g. incident.'),
    entityId: z.string(),
    before: z.unknown().describe('The record (or the fields that changed) before; null if new.'),
    after: z.unknown().describe('The record (or the fields that changed) after.'),
    requestId: z.string().nullable().describe('The id of the API request that wrote it.'),
    prevHash: hash.describe('The previous entry’s hash; 64 zeros for the first.'),
    hash: hash.describe('sha256 over prevHash and the canonical form of this entry.'),
  })
  .meta({ id: 'AuditEntry' });

export const auditQuerySchema = z.object({
  entity: z.string().min(1).optional().describe('Kind of record, e.g. incident.'),
  entityId: z.string().min(1).optional().describe('Id of the record, e.g. an incident number.'),
  actorId: z.string().min(1).optional().describe('The person who acted.'),
  action: z.string().min(1).optional().describe('Exact action, e.g. incident.accept.'),
  from: isoInstant.optional().describe('Entries recorded at or after this instant.'),
  to: isoInstant.optional().describe('Entries recorded before this instant.'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'a nextCursor of a previous page')
    .optional()
    .describe('From nextCursor of the previous page.'),
});

export const auditPageSchema = z
  .object({
    items: z.array(auditEntrySchema).describe('Newest first (by seq).'),
    nextCursor: z.string().nullable().describe('Older entries: pass as cursor; null at the end.'),
  })
  .meta({ id: 'AuditPage' });

export const auditVerificationSchema = z
  .object({
    ok: z.boolean().describe('True when every link of the chain holds.'),
    checked: z.number().int().describe('Entries examined, the broken one included.'),
    head: z
      .object({ seq: z.number().int(), hash })
      .optional()
      .describe(
        'The last entry of an unbroken chain. Removing entries from the end leaves no broken ' +
          'link: keep the head elsewhere and compare it later.',
      ),
    firstBroken: z
      .object({
        id: z.number().int().describe('The entry at which the chain breaks.'),
        seq: z.number().int(),
        reason: z
          .enum(['seq_gap', 'entry_missing', 'prev_hash_mismatch', 'hash_mismatch'])
          .describe(
            'hash_mismatch: this entry was altered. seq_gap: entries before it were removed. ' +
              'entry_missing: this entry was removed, its seal remains. ' +
              'prev_hash_mismatch: it does not link to the entry before it.',
          ),
        detail: z.string(),
      })
      .optional(),
    unsealed: z
      .number()
      .int()
      .describe(
        'Entries recorded but not in the chain when the walk ended: written after it started ' +
          '(the next verification covers them), or kept from the sealer by someone past the ' +
          'database’s refusal triggers.',
      ),
  })
  .meta({ id: 'AuditVerification' });

export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;
export type AuditPageDto = z.infer<typeof auditPageSchema>;
