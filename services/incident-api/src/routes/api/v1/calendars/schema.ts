/**
 * Service-window calendars (DOMAIN.md §5): weekly hours, date exceptions (holiday, 调休 working
 * day, own hours), China's official holidays imported from the data package, and a coverage
 * report. zod checks the shape; compileCalendar of @ovms/policy checks the meaning (overlaps,
 * time zone, working time left) on the calendar an edit would produce.
 */
import { z } from 'zod';
import { WEEKDAYS } from '@ovms/policy';

export const calendarIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (at most 64)');

export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a local date 'YYYY-MM-DD'")
  .describe('A local date of the calendar’s time zone, YYYY-MM-DD.');

export const workingIntervalSchema = z
  .object({
    start: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "'HH:mm' from 00:00 to 23:59")
      .describe('Local wall-clock time at which work starts (working).'),
    end: z
      .string()
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "'HH:mm' from 00:01 to 24:00")
      .describe('Local wall-clock time at which work stops (not working); after start.'),
  })
  .meta({ id: 'WorkingInterval' });

const dayHours = z.array(workingIntervalSchema).max(24);

export const weeklyHoursSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, dayHours.optional()])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodOptional<typeof dayHours>
    >,
  )
  .describe('Working intervals per weekday (mon…sun); a missing or empty day is a day off.')
  .meta({ id: 'WeeklyHours' });

const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .describe('IANA time zone the hours are read in, e.g. Asia/Shanghai.');
const nominalDaySchema = z
  .number()
  .int()
  .min(1)
  .max(1440)
  .describe('"1 working day" in working minutes (plan §5.2); default 480.');
const adjustedWorkdaySchema = dayHours.describe(
  'Hours of an adjusted working day (调休); default: Monday’s hours, else the first weekday with hours.',
);

export const calendarSchema = z
  .object({
    id: calendarIdSchema,
    name: z.string(),
    timeZone: z.string(),
    weekly: weeklyHoursSchema,
    adjustedWorkdayHours: z.array(workingIntervalSchema).nullable(),
    nominalDayMinutes: z.number().int(),
    revision: z
      .number()
      .int()
      .describe('Bumped by every edit of the calendar or of its exceptions.'),
    updatedAt: z.string(),
  })
  .meta({ id: 'Calendar' });

export const EXCEPTION_KINDS = ['holiday', 'workday', 'hours'] as const;
export const EXCEPTION_SOURCES = ['official', 'manual'] as const;

export const calendarExceptionSchema = z
  .object({
    date: localDateSchema,
    kind: z
      .enum(EXCEPTION_KINDS)
      .describe(
        'holiday: no work; workday: 调休, works the adjusted-workday hours; hours: its own.',
      ),
    hours: z.array(workingIntervalSchema).nullable(),
    name: z.string().nullable(),
    source: z
      .enum(EXCEPTION_SOURCES)
      .describe('official: imported from China’s published arrangement; manual: set by an admin.'),
  })
  .meta({ id: 'CalendarException' });

export const coverageSchema = z
  .object({
    officialDataYears: z
      .object({ first: z.number().int(), last: z.number().int() })
      .describe('The years the official holiday data package covers.'),
    importedYears: z
      .array(z.number().int())
      .describe('Years whose official holidays and 调休 days this calendar holds.'),
    missingYears: z
      .array(z.number().int())
      .describe(
        'Years in view (this year, next year, years with dates) that have no official data yet.',
      ),
    notImportedYears: z
      .array(z.number().int())
      .describe('Years in view with official data that this calendar has not imported.'),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'CalendarCoverage' });

export const calendarDetailSchema = calendarSchema
  .extend({
    exceptions: z.array(calendarExceptionSchema),
    coverage: coverageSchema,
  })
  .meta({ id: 'CalendarDetail' });

export const createCalendarSchema = z
  .object({
    id: calendarIdSchema,
    name: z.string().trim().min(1).max(200),
    timeZone: timeZoneSchema,
    weekly: weeklyHoursSchema,
    adjustedWorkdayHours: adjustedWorkdaySchema.nullable().optional(),
    nominalDayMinutes: nominalDaySchema.default(480),
  })
  .meta({ id: 'NewCalendar' });

export const updateCalendarSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone: timeZoneSchema,
    weekly: weeklyHoursSchema,
    adjustedWorkdayHours: adjustedWorkdaySchema.nullable().describe('null: back to the default.'),
    nominalDayMinutes: nominalDaySchema,
  })
  .partial()
  .meta({ id: 'CalendarPatch' });

export const exceptionInputSchema = z
  .object({
    kind: z.enum(EXCEPTION_KINDS),
    hours: z
      .array(workingIntervalSchema)
      .max(24)
      .optional()
      .describe('Required for kind "hours" (an empty list is a day off); absent otherwise.'),
    name: z.string().trim().min(1).max(200).optional().describe('e.g. 春节 Spring Festival'),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'hours' && input.hours === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'kind "hours" needs its hours' });
    }
    if (input.kind !== 'hours' && input.hours !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hours'],
        message: `kind "${input.kind}" takes no hours`,
      });
    }
  })
  .meta({ id: 'CalendarExceptionSetting' });

export const exceptionsQuerySchema = z.object({
  year: z.coerce
    .number()
    .int()
    .min(1900)
    .max(2199)
    .optional()
    .describe('Only the dates of this year.'),
});

export const officialImportSchema = z
  .object({
    years: z
      .array(z.number().int().min(1900).max(2199))
      .min(1)
      .max(50)
      .describe('Years whose official holidays and 调休 days to import, e.g. [2026, 2027].'),
  })
  .meta({ id: 'OfficialHolidayImportRequest' });

export const officialImportResultSchema = z
  .object({
    calendarId: z.string(),
    revision: z.number().int(),
    years: z.array(
      z.object({
        year: z.number().int(),
        officialData: z.boolean().describe('false: no official data published for this year yet.'),
        holidays: z.number().int().describe('Official holidays imported.'),
        workdays: z.number().int().describe('Official adjusted working days (调休) imported.'),
        replaced: z.number().int().describe('Earlier official rows of the year replaced.'),
        keptManualDates: z
          .array(z.string())
          .describe('Official dates not imported because an admin’s date wins.'),
      }),
    ),
    coveredYears: z.array(z.number().int()),
    missingYears: z.array(z.number().int()),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'OfficialHolidayImport' });

export type CalendarDto = z.infer<typeof calendarSchema>;
export type CalendarExceptionDto = z.infer<typeof calendarExceptionSchema>;
export type CalendarCoverageDto = z.infer<typeof coverageSchema>;
export type CreateCalendarInput = z.infer<typeof createCalendarSchema>;
export type UpdateCalendarInput = z.infer<typeof updateCalendarSchema>;
export type ExceptionInput = z.infer<typeof exceptionInputSchema>;
export type OfficialImportResult = z.infer<typeof officialImportResultSchema>;
