/** The one typed client of the API, generated from its OpenAPI document (see `pnpm gen:api`). */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Incident = Schemas['Incident'];
export type IncidentDetail = Schemas['IncidentDetail'];
export type IncidentAction = Schemas['IncidentActionInput'];
export type AvailableAction = Schemas['AvailableAction'];
export type ActionType = AvailableAction['type'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type ChangeTask = Schemas['ChangeTask'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditVerification = Schemas['AuditVerification'];
export type ChangeTaskRow = Schemas['ChangeTaskPage']['items'][number];
export type Sla = Schemas['Sla'];
export type Session = Schemas['Session'];
export type Hotline = Schemas['Hotline'];
export type Problem = Schemas['Problem'];
export type IncidentReport = Schemas['IncidentReportInput'];
export type IncidentStatus = Incident['status'];
export type Priority = Incident['priority'];

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every write made with the session cookie. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET' && request.method !== 'HEAD') {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
};

export function createApiClient(baseUrl = '', fetchImpl?: typeof fetch) {
  const client = createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  client.use(csrf);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api: ApiClient = createApiClient();
