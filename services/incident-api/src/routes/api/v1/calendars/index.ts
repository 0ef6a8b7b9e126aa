/**
 * /api/v1/calendars: service-window calendars, their date exceptions and the import of China's
 * official holidays. Every write goes through domain/reference/calendar-edits, which validates
 * the resulting calendar with @ovms/policy and bumps its revision.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createCalendar,
  deleteCalendarException,
  importOfficialHolidays,
  updateCalendar,
  upsertCalendarException,
  type CalendarEditContext,
} from '../../../../domain/reference/calendar-edits.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { calendars } from '../../../../db/schema.js';
import { deleteUnlessUsed } from '../../../../domain/reference/delete-unless-used.js';
import { eq } from 'drizzle-orm';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import {
  findCalendar,
  findCalendarDetail,
  listCalendars,
  listExceptions,
  toCalendarDto,
  toExceptionDto,
  usesOfCalendar,
} from './queries.js';
import {
  calendarDetailSchema,
  calendarExceptionSchema,
  calendarIdSchema,
  calendarSchema,
  createCalendarSchema,
  exceptionInputSchema,
  exceptionsQuerySchema,
  localDateSchema,
  officialImportResultSchema,
  officialImportSchema,
  updateCalendarSchema,
} from './schema.js';
import { access } from '../../../../domain/identity/access.js';
import { transactionWithRetry } from '../../../../db/retry.js';

const params = z.object({ calendarId: calendarIdSchema });
const dateParams = params.extend({ date: localDateSchema });

const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const editContext = (request: FastifyRequest): CalendarEditContext => ({
    audit: auditContextOf(request),
    now: app.now(),
  });

  app.get(
    '',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'listCalendars',
        summary: 'List service-window calendars',
        response: { 200: z.array(calendarSchema), ...readErrors },
      },
    },
    () => listCalendars(app.db),
  );

  app.get(
    '/:calendarId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'getCalendar',
        summary: 'Get a calendar with its dates and its official-holiday coverage',
        params,
        response: { 200: calendarDetailSchema, ...readErrors },
      },
    },
    async (request) => {
      const calendar = await findCalendarDetail(app.db, request.params.calendarId, app.now());
      if (!calendar) throw notFound('Calendar', request.params.calendarId);
      return calendar;
    },
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'createCalendar',
        summary: 'Create a calendar (weekly hours, time zone, 调休 hours, nominal day)',
        body: createCalendarSchema,
        response: { 201: calendarSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await transactionWithRetry(app.db, (tx) =>
        createCalendar(tx, request.body, editContext(request)),
      );
      if (!created) {
        throw new Problem(
          409,
          'conflict',
          'Conflict',
          `Calendar ${request.body.id} already exists.`,
        );
      }
      return reply.code(201).send(toCalendarDto(created));
    },
  );

  app.patch(
    '/:calendarId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'updateCalendar',
        summary: 'Change a calendar’s name, time zone, weekly hours, 调休 hours or nominal day',
        params,
        body: updateCalendarSchema,
        response: { 200: calendarSchema, ...writeErrors },
      },
    },
    async (request) => {
      const updated = await transactionWithRetry(app.db, (tx) =>
        updateCalendar(tx, request.params.calendarId, request.body, editContext(request)),
      );
      return toCalendarDto(updated);
    },
  );

  app.get(
    '/:calendarId/exceptions',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'listCalendarExceptions',
        summary: 'List a calendar’s dates (holidays, 调休 working days, own hours), by year',
        params,
        querystring: exceptionsQuerySchema,
        response: { 200: z.array(calendarExceptionSchema), ...readErrors },
      },
    },
    async (request) => {
      const { calendarId } = request.params;
      if (!(await findCalendar(app.db, calendarId))) throw notFound('Calendar', calendarId);
      return listExceptions(app.db, calendarId, request.query.year);
    },
  );

  app.put(
    '/:calendarId/exceptions/:date',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'putCalendarException',
        summary: 'Set one date: holiday, adjusted working day (调休) or its own hours',
        description:
          'The date becomes a manual entry, which wins over the official data (a later import keeps it).',
        params: dateParams,
        body: exceptionInputSchema,
        response: { 200: calendarExceptionSchema, 201: calendarExceptionSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { calendarId, date } = request.params;
      const result = await transactionWithRetry(app.db, (tx) =>
        upsertCalendarException(tx, calendarId, date, request.body, editContext(request)),
      );
      return reply.code(result.created ? 201 : 200).send(toExceptionDto(result.exception));
    },
  );

  app.delete(
    '/:calendarId/exceptions/:date',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'deleteCalendarException',
        summary: 'Remove one date: it follows the weekly hours again',
        params: dateParams,
        response: { 204: z.null().describe('Removed.'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { calendarId, date } = request.params;
      await transactionWithRetry(app.db, (tx) =>
        deleteCalendarException(tx, calendarId, date, editContext(request)),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:calendarId/official-holidays',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'importOfficialHolidays',
        summary: 'Import China’s official holidays and 调休 days for chosen years',
        description:
          'Replaces the calendar’s earlier official dates of those years; dates set by hand are kept and win. Years without published data are reported as missing.',
        params,
        body: officialImportSchema,
        response: { 200: officialImportResultSchema, ...writeErrors },
      },
    },
    async (request) =>
      transactionWithRetry(app.db, (tx) =>
        importOfficialHolidays(
          tx,
          request.params.calendarId,
          request.body.years,
          editContext(request),
        ),
      ),
  );

  app.delete(
    '/:calendarId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'deleteCalendar',
        summary: 'Delete a calendar no system, campaign or incident counts its time in',
        description: 'Its date exceptions go with it.',
        params,
        response: { 204: z.null().describe('Deleted.'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { calendarId } = request.params;
      // Its date exceptions go with it (on delete cascade).
      await deleteUnlessUsed(app.db, auditContextOf(request), {
        what: 'Calendar',
        id: calendarId,
        find: (db) => findCalendar(db, calendarId),
        usesOf: (db) => usesOfCalendar(db, calendarId),
        remove: (db) => db.delete(calendars).where(eq(calendars.id, calendarId)),
      });
      return reply.code(204).send(null);
    },
  );
};

export default calendarRoutes;
