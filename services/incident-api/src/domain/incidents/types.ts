import type { ReportIncidentBody } from '../../routes/api/v1/incidents/schema.js';

/** A report as the API takes it (the schema is the single source of the type). */
export type ReportInput = ReportIncidentBody;
