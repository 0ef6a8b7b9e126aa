-- The hash chain moves out of audit_log into audit_seals: a write appends its entry unchained in
-- its own transaction, and the sealer chains committed entries afterwards (domain/audit.ts), so
-- that writers no longer queue behind one chain lock. The chain already written is carried over
-- as it stands: same seq, prev_hash and hash, the hash definition is unchanged.
CREATE TABLE "audit_seals" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"audit_id" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_seals_seq_positive" CHECK ("audit_seals"."seq" >= 1),
	CONSTRAINT "audit_seals_hash_hex" CHECK ("audit_seals"."hash" ~ '^[0-9a-f]{64}$' and "audit_seals"."prev_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "audit_unsealed" (
	"audit_id" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_seq_positive";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_hash_hex";--> statement-breakpoint
DROP INDEX "audit_log_seq_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_idx";--> statement-breakpoint
DROP INDEX "audit_log_action_idx";--> statement-breakpoint
ALTER TABLE "audit_seals" ADD CONSTRAINT "audit_seals_audit_id_audit_log_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audit_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seals_audit_id_idx" ON "audit_seals" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","id");--> statement-breakpoint
-- Before the columns go: the existing chain, link for link.
INSERT INTO "audit_seals" ("seq", "audit_id", "prev_hash", "hash")
	SELECT "seq", "id", "prev_hash", "hash" FROM "audit_log";--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "seq";--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "hash";--> statement-breakpoint
-- Every entry inserted is queued for the sealer in the inserting transaction: it becomes visible
-- to the sealer exactly when it commits, whatever its id (ids are taken at insert, commits
-- happen in another order). ALWAYS: no session setting lets an entry skip the queue.
CREATE FUNCTION "audit_log_queue_for_seal"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	INSERT INTO "audit_unsealed" ("audit_id") VALUES (NEW."id");
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_queue_for_seal"
	AFTER INSERT ON "audit_log"
	FOR EACH ROW EXECUTE FUNCTION "audit_log_queue_for_seal"();--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ALWAYS TRIGGER "audit_log_queue_for_seal";--> statement-breakpoint
-- The chain is append-only like the entries (0002): a superuser who disables this to edit or
-- remove a seal breaks the chain there, which verifyAuditChain names.
CREATE FUNCTION "audit_seals_refuse_change"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	RAISE EXCEPTION 'audit_seals is append-only: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege',
			DETAIL = 'The audit hash chain may only be extended.',
			HINT = 'Seals are written by the sealer (sealAuditTrail) only.';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_seals_no_update_or_delete"
	BEFORE UPDATE OR DELETE ON "audit_seals"
	FOR EACH ROW EXECUTE FUNCTION "audit_seals_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_seals_no_truncate"
	BEFORE TRUNCATE ON "audit_seals"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_seals_refuse_change"();--> statement-breakpoint
ALTER TABLE "audit_seals" ENABLE ALWAYS TRIGGER "audit_seals_no_update_or_delete";--> statement-breakpoint
ALTER TABLE "audit_seals" ENABLE ALWAYS TRIGGER "audit_seals_no_truncate";
