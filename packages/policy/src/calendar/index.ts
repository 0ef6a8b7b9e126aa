export {
  CHINA_OFFICIAL_DATA_YEARS,
  chinaOfficialExceptions,
  defaultCalendarDefinition,
} from './china.js';
export type { ChinaOfficialExceptions } from './china.js';
export { CalendarError, WEEKDAYS } from './types.js';
export type {
  CalendarDefinition,
  CalendarErrorCode,
  DateException,
  Interval,
  Weekday,
  WorkingCalendar,
  WorkingInterval,
} from './types.js';
export {
  addWorkingTime,
  compileCalendar,
  isWorkingTime,
  nextWorkingInstant,
  workingTimeBetween,
} from './working-time.js';
