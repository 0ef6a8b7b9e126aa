-- The timeline is keyed by incident first (incident_id, id): it is only read an incident at a
-- time, and one index instead of two is a third less to write per entry.
DROP INDEX "incident_events_incident_idx";--> statement-breakpoint
ALTER TABLE "incident_events" DROP CONSTRAINT "incident_events_pkey";--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_pkey" PRIMARY KEY("incident_id","id");
