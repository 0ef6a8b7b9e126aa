-- Incidents opened before the SLA runner (migration 0004 added next_notice_at without a value):
-- hand every clock that still runs, or is paused, to the runner, which computes its next notice.
-- A threshold such an incident passed long ago is written once, late, with its original due time.
UPDATE "incidents" SET "next_notice_at" = now() WHERE "clock_state" <> 'stopped' AND "next_notice_at" IS NULL;
