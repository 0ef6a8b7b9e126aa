-- The chain starts on an empty audit_log: rows written before it have no seq or hash to give
-- them. 0000 was never shipped, so such a database is a pre-release one: recreate it.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM "audit_log") THEN
		RAISE EXCEPTION 'audit_log already holds entries written before the hash chain; this pre-release database must be recreated (delete the PGlite data directory or drop the PostgreSQL database)';
	END IF;
END $$;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","seq");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_seq_positive" CHECK ("audit_log"."seq" >= 1);--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_at_ms" CHECK ("audit_log"."at" = date_trunc('milliseconds', "audit_log"."at"));--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_hash_hex" CHECK ("audit_log"."hash" ~ '^[0-9a-f]{64}$' and "audit_log"."prev_hash" ~ '^[0-9a-f]{64}$');