CREATE TABLE "reference_revision" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "reference_revision_one_row" CHECK ("reference_revision"."id")
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "credential_revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A report's write checks cached reference facts and a cached credential against these two
-- counters instead of recomputing an md5 stamp of the rows each time (issue #3: the stamps were
-- about a third of the report statement's cost in PostgreSQL). Only edits pay: one small update.
INSERT INTO "reference_revision" ("id", "revision") VALUES (true, 1);--> statement-breakpoint
CREATE FUNCTION "bump_reference_revision"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	INSERT INTO "reference_revision" ("id", "revision") VALUES (true, 1)
		ON CONFLICT ("id") DO UPDATE SET "revision" = "reference_revision"."revision" + 1;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "systems_bump_reference_revision"
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "systems"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_reference_revision"();--> statement-breakpoint
CREATE TRIGGER "campaigns_bump_reference_revision"
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "campaigns"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_reference_revision"();--> statement-breakpoint
CREATE TRIGGER "calendars_bump_reference_revision"
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendars"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_reference_revision"();--> statement-breakpoint
CREATE TRIGGER "calendar_exceptions_bump_reference_revision"
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_exceptions"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_reference_revision"();--> statement-breakpoint
CREATE TRIGGER "policy_versions_bump_reference_revision"
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_versions"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_reference_revision"();--> statement-breakpoint
-- A person's name, organisation, active flag or groups: what an actor is built from.
CREATE FUNCTION "people_bump_credential_revision"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	IF (NEW."name", NEW."organisation", NEW."active")
			IS DISTINCT FROM (OLD."name", OLD."organisation", OLD."active") THEN
		NEW."credential_revision" := OLD."credential_revision" + 1;
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "people_bump_credential_revision"
	BEFORE UPDATE ON "people"
	FOR EACH ROW EXECUTE FUNCTION "people_bump_credential_revision"();--> statement-breakpoint
CREATE FUNCTION "group_members_bump_credential_revision"() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."person_id" <> NEW."person_id") THEN
		UPDATE "people" SET "credential_revision" = "credential_revision" + 1
			WHERE "id" = OLD."person_id";
	END IF;
	IF TG_OP <> 'DELETE' THEN
		UPDATE "people" SET "credential_revision" = "credential_revision" + 1
			WHERE "id" = NEW."person_id";
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "group_members_bump_credential_revision"
	AFTER INSERT OR UPDATE OR DELETE ON "group_members"
	FOR EACH ROW EXECUTE FUNCTION "group_members_bump_credential_revision"();
