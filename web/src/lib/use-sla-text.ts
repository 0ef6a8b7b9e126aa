import { useI18n } from 'vue-i18n';
import { splitWorkingMinutes } from './sla';

/** Working minutes as words in the current language ("1 小时 05 分", "12 min over"). */
export function useSlaText() {
  const { t, d } = useI18n();
  function workingMinutes(minutes: number): string {
    const duration = splitWorkingMinutes(minutes);
    const text = t(duration.key, duration.params);
    return duration.overdue ? t('sla.overdue', { d: text }) : text;
  }
  function instant(iso: string | null | undefined, format: 'short' | 'long' = 'short'): string {
    return iso ? d(new Date(iso), format) : '—';
  }
  return { workingMinutes, instant };
}
