-- Sealing cost ~70 us of PostgreSQL per audit entry, two thirds of it in two checks of each new
-- seal (issue #3, pgbench of the sealer's statements, 32 entries a batch: 2.2 -> 1.2 ms):
-- * the foreign key to audit_log locked the entry's row (a WAL record per entry). Entries cannot
--   be deleted (0002), and verifyAuditChain names a seal whose entry is gone (entry_missing);
-- * the hex check ran a regular expression on both hashes. decode() refuses what is not hex.
ALTER TABLE "audit_seals" DROP CONSTRAINT "audit_seals_hash_hex";--> statement-breakpoint
ALTER TABLE "audit_seals" DROP CONSTRAINT "audit_seals_audit_id_audit_log_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_seals" ADD CONSTRAINT "audit_seals_hash_hex" CHECK (octet_length(decode("audit_seals"."hash", 'hex')) = 32 and octet_length(decode("audit_seals"."prev_hash", 'hex')) = 32);