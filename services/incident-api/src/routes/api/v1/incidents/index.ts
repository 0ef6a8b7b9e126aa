/**
 * /api/v1/incidents: report, the queue, one incident with its timeline, and every action of the
 * escalation workflow. Writes go through the policy state machine (domain/incidents/lifecycle).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { availableActions, type WorkflowAction } from '@ovms/policy';
import type { Tx } from '../../../../db/client.js';
import type { incidents } from '../../../../db/schema.js';
import { withIdempotencyKey } from '../../../../domain/idempotency.js';
import {
  actOnIncident,
  commentOnIncident,
  recordReport,
  type ActingContext,
  type ReportedIncident,
} from '../../../../domain/incidents/lifecycle.js';
import { toChangeTaskDto } from '../../../../domain/incidents/change-task-list.js';
import {
  fallbackDecisionsOf,
  findIncidentRow,
  incidentChangeTasks,
  incidentTimeline,
  listQueue,
  toIncidentDto,
  toIncidentDtos,
  toTimelineEntry,
} from '../../../../domain/incidents/queries.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { CredentialChanged } from '../../../../domain/identity/credential-check.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { access } from '../../../../domain/identity/access.js';
import { canSee, type Viewer } from '../../../../domain/identity/visibility.js';
import { problemResponse, readErrors, writeErrors } from '../../../../lib/responses.js';
import {
  changeTaskParams,
  changeTaskRequestSchema,
  changeTaskSchema,
  changeTaskStepSchema,
  commentSchema,
  fallbackDecisionSchema,
  incidentActionSchema,
  incidentDetailSchema,
  incidentIdParams,
  queuePageSchema,
  queueQuerySchema,
  reassessmentSchema,
  reportIncidentSchema,
  timelineEntrySchema,
} from './schema.js';

type IncidentRow = typeof incidents.$inferSelect;
type ReportBody = z.infer<typeof reportIncidentSchema>;

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Makes the report safe to retry: the same key and body return the first response.'),
});

const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('The ETag last read; a stale one is refused with 412 and changes nothing.'),
});

const actionErrors = { ...writeErrors, 412: problemResponse } as const;

/** Reads `If-Match: "7"` (or W/"7"); `*` or none means no precondition. */
function expectedVersion(header: string | undefined): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) {
    throw new Problem(
      400,
      'validation',
      'Invalid request',
      'If-Match must be an ETag such as "3".',
      {
        errors: [{ pointer: '/headers/if-match', detail: 'not an ETag from this API' }],
      },
    );
  }
  return Number(match[1]);
}

const etagOf = (version: number) => `"${version}"`;

const incidentRoutes: FastifyPluginAsyncZod = async (app) => {
  const actingContext = (request: FastifyRequest): ActingContext => {
    const actor = request.actor!;
    return {
      actor: { id: actor.id, groups: actor.groups, organisation: actor.organisation },
      audit: auditContextOf(request),
      now: app.now(),
      calendars: app.calendars,
      reference: app.reference,
      credentialCheck: request.credentialCheck ?? undefined,
    };
  };

  /**
   * Runs `work` for a route that acts on this process's last reading of the credential
   * (`credentialCheckedInStatement`). A refusal on that reading (`refused`) is only believed on
   * a fresh one: read the credential afresh, which may refuse it in turn, and run `work` again.
   */
  async function onCachedCredential<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<T>,
    refused: (error: unknown) => boolean,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!request.credentialCheck || !refused(error)) throw error;
      await app.authenticateAfresh(request, reply);
      return await work();
    }
  }

  /** Whose object rules apply (every incident route requires a signed-in actor). */
  const viewerOf = (request: FastifyRequest): Viewer => request.actor!;

  /** The incident's row, if the caller may see it. */
  async function visibleRow(db: typeof app.db | Tx, request: FastifyRequest, id: number) {
    const row = await findIncidentRow(db, id);
    // Not yours to see answers as if it did not exist: ids are not probed by other regions.
    if (!row || !canSee(viewerOf(request), row)) throw notFound('Incident', id);
    return row;
  }

  async function detail(db: typeof app.db | Tx, request: FastifyRequest, id: number) {
    const row = await visibleRow(db, request, id);
    const [dto] = await toIncidentDtos(db, [row], app.calendars, app.now());
    return detailOf(
      request,
      row,
      dto!,
      await incidentTimeline(db, id),
      await incidentChangeTasks(db, id),
    );
  }

  /** A report as written, shown without reading it back (it has no change task yet). */
  function reportedDetail(request: FastifyRequest, reported: ReportedIncident) {
    const { row } = reported;
    if (!canSee(viewerOf(request), row)) throw notFound('Incident', row.id);
    const dto = toIncidentDto(row, reported.calendar, app.now());
    return detailOf(request, row, dto, reported.timeline.map(toTimelineEntry), []);
  }

  function detailOf(
    request: FastifyRequest,
    row: IncidentRow,
    dto: ReturnType<typeof toIncidentDto>,
    timeline: ReturnType<typeof toTimelineEntry>[],
    changeTasks: Awaited<ReturnType<typeof incidentChangeTasks>>,
  ) {
    const state = row.workflow;
    const actor = request.actor;
    return {
      ...dto,
      timeline,
      changeTasks,
      fallbackDecisions: fallbackDecisionsOf(state),
      availableActions: actor
        ? availableActions(state, {
            id: actor.id,
            groups: actor.groups,
            organisation: actor.organisation,
          }).map((a) => ({ ...a }))
        : [],
    };
  }

  /** One workflow action in one transaction. */
  async function applyAction(
    request: FastifyRequest,
    id: number,
    action: Exclude<WorkflowAction, { type: 'report' }>,
  ) {
    const ifMatch = request.headers['if-match'];
    const version = expectedVersion(Array.isArray(ifMatch) ? ifMatch[0] : ifMatch);
    const ctx = actingContext(request);
    return app.db.transaction((tx) =>
      actOnIncident(tx, id, action, ctx, { expectedVersion: version, viewer: viewerOf(request) }),
    );
  }

  /** One workflow action, then the incident as it now stands. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    action: Exclude<WorkflowAction, { type: 'report' }>,
  ) {
    await applyAction(request, id, action);
    const body = await detail(app.db, request, id);
    return reply.header('etag', etagOf(body.version)).send(body);
  }

  app.post(
    '',
    {
      // The write re-checks the credential: no read of it per report.
      config: { access: access.report, credentialCheckedInStatement: true },
      schema: {
        tags: ['incidents'],
        operationId: 'reportIncident',
        summary: 'Report an incident',
        description:
          'Priority, effective grade, target and due time are derived from the policy in force. ' +
          'Send an Idempotency-Key to retry safely.',
        headers: idempotencyHeaders,
        body: reportIncidentSchema,
        response: { 201: incidentDetailSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      // A replay answers without writing, so nothing would re-check a cached credential.
      if (request.credentialCheck && request.headers['idempotency-key']) {
        await app.authenticateAfresh(request, reply);
      }
      // Any refusal may come from the cached reading (a group just granted). Nothing was
      // written: the write clears the check once it has passed it.
      return onCachedCredential(
        request,
        reply,
        () => report(request, reply, request.body, request.headers['idempotency-key']),
        (error) => error instanceof Problem || error instanceof CredentialChanged,
      );
    },
  );

  /** Reports `body` for the request's actor (the handler may call it twice, see there). */
  async function report(
    request: FastifyRequest,
    reply: FastifyReply,
    body: ReportBody,
    key: string | undefined,
  ) {
    const actor = request.actor!;
    const onlyReporter = actor.groups.every((g) => g === 'reporters');
    if (onlyReporter && body.reportedAt !== undefined) {
      throw new Problem(
        403,
        'field-forbidden',
        'Field not allowed',
        'The reported time is set by the desk (the time of a call); a reporter’s report is timed on arrival.',
        { errors: [{ pointer: '/body/reportedAt', detail: 'set by the desk only' }] },
      );
    }
    if (onlyReporter && body.reporter.organisation !== actor.organisation) {
      throw new Problem(
        403,
        'field-forbidden',
        'Field not allowed',
        `A reporter reports for their own organisation (${actor.organisation}).`,
        {
          errors: [{ pointer: '/body/reporter/organisation', detail: 'must be your organisation' }],
        },
      );
    }
    // With a key, the response is stored in the creating transaction (a retry replays it).
    // Without one, the report is a single statement, atomic on its own (recordReport).
    const result = key
      ? await withIdempotencyKey(
          app.db,
          { key, principal: actor.id, body, now: app.now() },
          async (tx: Tx) => {
            const reported = await recordReport(tx, body, actingContext(request));
            return { status: 201, body: reportedDetail(request, reported) };
          },
        )
      : {
          status: 201,
          body: reportedDetail(request, await reportOnce(request, body)),
          replayed: false,
        };
    const detail = result.body as z.infer<typeof incidentDetailSchema>;
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply
      .code(201)
      .header('location', `/api/v1/incidents/${detail.id}`)
      .header('etag', etagOf(detail.version))
      .send(detail);
  }

  /** The report in one statement; once written, the actor it was checked as is current. */
  async function reportOnce(request: FastifyRequest, body: ReportBody) {
    const reported = await recordReport(app.db, body, actingContext(request));
    request.credentialCheck = null;
    return reported;
  }

  app.get(
    '',
    {
      // The queue is every screen's poll: its statement re-checks the credential, no read of
      // it per page.
      config: { access: access.readIncidents, credentialCheckedInStatement: true },
      schema: {
        tags: ['incidents'],
        operationId: 'listIncidents',
        summary: 'The queue: incidents by due time, with their SLA state',
        querystring: queueQuerySchema,
        response: { 200: queuePageSchema, ...readErrors },
      },
    },
    async (request, reply) => {
      const page = () =>
        listQueue(
          app.db,
          {
            ...request.query,
            viewer: viewerOf(request),
            credentialCheck: request.credentialCheck ?? undefined,
          },
          app.calendars,
          app.now(),
        );
      // The statement found the cached credential changed, or the page empty, which it cannot
      // tell apart.
      return onCachedCredential(
        request,
        reply,
        page,
        (error) => error instanceof CredentialChanged,
      );
    },
  );

  app.get(
    '/:incidentId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['incidents'],
        operationId: 'getIncident',
        summary: 'One incident with its timeline, change tasks and SLA per group',
        params: incidentIdParams,
        response: { 200: incidentDetailSchema, ...readErrors },
      },
    },
    async (request, reply) => {
      const body = await detail(app.db, request, request.params.incidentId);
      return reply.header('etag', etagOf(body.version)).send(body);
    },
  );

  app.post(
    '/:incidentId/actions',
    {
      config: { access: access.act },
      schema: {
        tags: ['incidents'],
        operationId: 'actOnIncident',
        summary: 'Take a workflow action (acknowledge, escalate, hand to vendor, deliver, …)',
        description:
          'The policy state machine decides; a refused action is 409 with its reason and code.',
        params: incidentIdParams,
        headers: ifMatchHeaders,
        body: incidentActionSchema,
        response: { 200: incidentDetailSchema, ...actionErrors },
      },
    },
    (request, reply) =>
      act(
        request,
        reply,
        request.params.incidentId,
        request.body as Exclude<WorkflowAction, { type: 'report' }>,
      ),
  );

  app.post(
    '/:incidentId/reassessments',
    {
      config: { access: access.act },
      schema: {
        tags: ['incidents'],
        operationId: 'reassessIncident',
        summary: 'Re-assess impact and/or scope with a reason; priority and due time follow',
        params: incidentIdParams,
        headers: ifMatchHeaders,
        body: reassessmentSchema,
        response: { 200: incidentDetailSchema, ...actionErrors },
      },
    },
    (request, reply) =>
      act(request, reply, request.params.incidentId, { type: 'reassess', ...request.body }),
  );

  app.post(
    '/:incidentId/fallback-decisions',
    {
      config: { access: access.act },
      schema: {
        tags: ['incidents'],
        operationId: 'recordFallbackDecision',
        summary: 'The leaders’ decision: offline bidding, or re-run online after recovery',
        params: incidentIdParams,
        headers: ifMatchHeaders,
        body: fallbackDecisionSchema,
        response: { 200: incidentDetailSchema, ...actionErrors },
      },
    },
    (request, reply) =>
      act(request, reply, request.params.incidentId, {
        type: 'record_fallback_decision',
        ...request.body,
      }),
  );

  app.post(
    '/:incidentId/comments',
    {
      config: { access: access.act },
      schema: {
        tags: ['incidents'],
        operationId: 'commentOnIncident',
        summary: 'Add a comment or work-log entry',
        params: incidentIdParams,
        body: commentSchema,
        response: { 201: timelineEntrySchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const id = request.params.incidentId;
      const entry = await app.db.transaction((tx) =>
        commentOnIncident(tx, id, request.body.text, actingContext(request), {
          viewer: viewerOf(request),
        }),
      );
      return reply.code(201).send(toTimelineEntry(entry));
    },
  );

  app.get(
    '/:incidentId/change-tasks',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['change-tasks'],
        operationId: 'listChangeTasks',
        summary: 'The incident’s change tasks',
        params: incidentIdParams,
        response: { 200: z.array(changeTaskSchema), ...readErrors },
      },
    },
    async (request) => {
      const { id } = await visibleRow(app.db, request, request.params.incidentId);
      return incidentChangeTasks(app.db, id);
    },
  );

  app.post(
    '/:incidentId/change-tasks',
    {
      config: { access: access.act },
      schema: {
        tags: ['change-tasks'],
        operationId: 'requestChangeTask',
        summary: 'Request a release, an emergency release or an SQL script run',
        params: incidentIdParams,
        headers: ifMatchHeaders,
        body: changeTaskRequestSchema,
        response: { 201: changeTaskSchema, ...actionErrors },
      },
    },
    async (request, reply) => {
      const id = request.params.incidentId;
      const outcome = await applyAction(request, id, { type: 'request_change', ...request.body });
      // The task this request created, as its transaction wrote it (another request may have
      // added one since).
      const [written] = outcome.changeTasks;
      if (!written) throw new Error('change task was not recorded');
      const created = toChangeTaskDto(written);
      return reply
        .code(201)
        .header('location', `/api/v1/incidents/${id}/change-tasks/${created.number}`)
        .send(created);
    },
  );

  app.post(
    '/:incidentId/change-tasks/:taskNumber/steps',
    {
      config: { access: access.act },
      schema: {
        tags: ['change-tasks'],
        operationId: 'advanceChangeTask',
        summary: 'Approve or reject (system), execute (devops), verify a change task',
        params: changeTaskParams,
        headers: ifMatchHeaders,
        body: changeTaskStepSchema,
        response: { 200: changeTaskSchema, ...actionErrors },
      },
    },
    async (request, reply) => {
      const { incidentId, taskNumber } = request.params;
      const step = request.body;
      const action = (
        {
          approve: {
            type: 'approve_change',
            task: taskNumber,
            note: step.type === 'approve' ? step.note : undefined,
          },
          reject: {
            type: 'reject_change',
            task: taskNumber,
            reason: step.type === 'reject' ? step.reason : '',
          },
          execute: {
            type: 'execute_change',
            task: taskNumber,
            result: step.type === 'execute' ? step.result : 'failed',
            output: step.type === 'execute' ? step.output : '',
          },
          verify: {
            type: 'verify_change',
            task: taskNumber,
            note: step.type === 'verify' ? step.note : undefined,
          },
        } as const
      )[step.type];
      // The step as this request took it, not as the task stands after a later step.
      const outcome = await applyAction(request, incidentId, action);
      const task = outcome.changeTasks.find((t) => t.number === taskNumber);
      if (!task) throw notFound('Change task', `${incidentId}/${taskNumber}`);
      return reply.send(toChangeTaskDto(task));
    },
  );
};

export default incidentRoutes;
