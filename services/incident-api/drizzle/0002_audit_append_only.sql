-- The audit trail is append-only: the database itself refuses to change or remove an entry, for
-- every role including the table's owner. Only a superuser can get past this (by disabling the
-- trigger), and then the hash chain shows what was changed: GET /api/v1/audit/verify.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege',
			DETAIL = 'Audit entries are hash-chained and may only be appended.',
			HINT = 'Record a new entry (recordAudit) that describes the correction.';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_or_delete"
	BEFORE UPDATE OR DELETE ON "audit_log"
	FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate"
	BEFORE TRUNCATE ON "audit_log"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
-- ALWAYS: the triggers fire under session_replication_role = replica too (logical replication
-- never has a reason to update or delete an audit entry), so a bypass needs DISABLE TRIGGER.
ALTER TABLE "audit_log" ENABLE ALWAYS TRIGGER "audit_log_no_update_or_delete";--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ALWAYS TRIGGER "audit_log_no_truncate";
