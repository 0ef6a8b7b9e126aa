/**
 * Service-window calendars: the list, one calendar with its dates and official-holiday coverage,
 * the year on view, and the edits (weekly hours, one date, an import of China's official data).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt, type Outcome } from '../../lib/admin/request';
import { selectableYears, yearCoverage, yearGrid } from '../../lib/admin/year-grid';

type Calendar = Schemas['Calendar'];
type CalendarDetail = Schemas['CalendarDetail'];
export type ExceptionSetting = Schemas['CalendarExceptionSettingInput'];
export type CalendarPatch = Schemas['CalendarPatchInput'];
export type NewCalendar = Schemas['NewCalendarInput'];
export type OfficialImport = Schemas['OfficialHolidayImport'];

export const useAdminCalendarsStore = defineStore('admin-calendars', () => {
  let api: ApiClient = defaultApi;
  const list = ref<Calendar[]>([]);
  const detail = shallowRef<CalendarDetail | null>(null);
  const year = ref(new Date().getFullYear());
  const loading = ref(false);
  const saving = ref(false);
  /** The last failed load or write, with its field errors. */
  const problem = ref<ShownProblem | null>(null);
  const lastImport = ref<OfficialImport | null>(null);

  function useClient(client: ApiClient): void {
    api = client;
  }

  const grid = computed(() =>
    detail.value
      ? yearGrid(
          year.value,
          detail.value.weekly,
          detail.value.exceptions,
          detail.value.adjustedWorkdayHours,
        )
      : [],
  );
  const coverage = computed(() =>
    detail.value ? yearCoverage(detail.value.coverage, year.value) : null,
  );
  const years = computed(() =>
    detail.value
      ? selectableYears(detail.value.coverage, detail.value.exceptions, new Date().getFullYear())
      : [year.value],
  );
  const exceptionOf = (date: string) =>
    detail.value?.exceptions.find((exception) => exception.date === date) ?? null;

  async function loadList(): Promise<void> {
    loading.value = true;
    const outcome = await attempt('calendars', () => api.GET('/api/v1/calendars'));
    loading.value = false;
    if (outcome.data) list.value = outcome.data;
    problem.value = outcome.problem;
  }

  async function open(id: string): Promise<boolean> {
    loading.value = true;
    const outcome = await attempt('calendar', () =>
      api.GET('/api/v1/calendars/{calendarId}', { params: { path: { calendarId: id } } }),
    );
    loading.value = false;
    if (outcome.data) detail.value = outcome.data;
    problem.value = outcome.problem;
    return outcome.ok;
  }

  /** Runs a write on the open calendar, then reloads it (its revision, dates and coverage). */
  async function write<T>(
    what: string,
    run: (id: string) => Promise<Outcome<T>>,
  ): Promise<T | null | false> {
    const id = detail.value?.id;
    if (!id) return false;
    saving.value = true;
    problem.value = null;
    const outcome = await run(id);
    saving.value = false;
    if (!outcome.ok) {
      problem.value = outcome.problem;
      return false;
    }
    await open(id);
    return outcome.data;
  }

  async function setException(date: string, setting: ExceptionSetting): Promise<boolean> {
    const result = await write('date', (calendarId) =>
      attempt('date', () =>
        api.PUT('/api/v1/calendars/{calendarId}/exceptions/{date}', {
          params: { path: { calendarId, date } },
          body: setting,
        }),
      ),
    );
    return result !== false;
  }

  async function removeException(date: string): Promise<boolean> {
    const result = await write('date', (calendarId) =>
      attempt('date', () =>
        api.DELETE('/api/v1/calendars/{calendarId}/exceptions/{date}', {
          params: { path: { calendarId, date } },
        }),
      ),
    );
    return result !== false;
  }

  async function update(patch: CalendarPatch): Promise<boolean> {
    const result = await write('calendar', (calendarId) =>
      attempt('calendar', () =>
        api.PATCH('/api/v1/calendars/{calendarId}', {
          params: { path: { calendarId } },
          body: patch,
        }),
      ),
    );
    if (result !== false) await loadList();
    return result !== false;
  }

  /** Imports China's official holidays and 调休 days; the summary says what each year got. */
  async function importOfficial(years: number[]): Promise<OfficialImport | null> {
    const result = await write('import', (calendarId) =>
      attempt('import', () =>
        api.POST('/api/v1/calendars/{calendarId}/official-holidays', {
          params: { path: { calendarId } },
          body: { years },
        }),
      ),
    );
    lastImport.value = result || null;
    return result || null;
  }

  async function create(input: NewCalendar): Promise<boolean> {
    saving.value = true;
    problem.value = null;
    const outcome = await attempt('calendar', () => api.POST('/api/v1/calendars', { body: input }));
    saving.value = false;
    problem.value = outcome.problem;
    if (!outcome.ok) return false;
    await loadList();
    await open(input.id);
    return true;
  }

  /**
   * Deletes the open calendar; refused (409, kept in `problem`) while a system, a campaign or an
   * incident counts time in it. The list is read again; nothing is open afterwards.
   */
  async function remove(): Promise<boolean> {
    const id = detail.value?.id;
    if (!id) return false;
    saving.value = true;
    problem.value = null;
    const outcome = await attempt('calendar', () =>
      api.DELETE('/api/v1/calendars/{calendarId}', { params: { path: { calendarId: id } } }),
    );
    saving.value = false;
    problem.value = outcome.problem;
    if (!outcome.ok) return false;
    detail.value = null;
    await loadList();
    return true;
  }

  return {
    list,
    detail,
    year,
    loading,
    saving,
    problem,
    lastImport,
    grid,
    coverage,
    years,
    exceptionOf,
    useClient,
    loadList,
    open,
    setException,
    removeException,
    update,
    importOfficial,
    create,
    remove,
  };
});
