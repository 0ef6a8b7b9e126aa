/**
 * The API's errors in the person's language. The API answers in English (its `detail` names the
 * status, the action, who may act); a desk operator reading Chinese first sees what happened in
 * Chinese — by the refusal code, else the problem's type, else the HTTP status — with the API's
 * sentence after it for the details. In English the API's sentence is the message.
 */
import type { ProblemFacts } from './problem';

/** The part of vue-i18n's global composer used here. */
interface AppI18n {
  t(key: string): string;
  te(key: string, locale?: string): boolean;
  locale: { value: string };
}

export function problemWording(i18n: AppI18n): (facts: ProblemFacts) => string {
  return ({ kind, code, status, detail, title }) => {
    const key = [
      code === undefined ? undefined : `problem.refusal.${code}`,
      `problem.kind.${kind}`,
      status === null ? undefined : `problem.status.${status}`,
    ].find((candidate) => candidate !== undefined && i18n.te(candidate, 'zh-CN'));
    if (!key) return detail ?? title ?? '';
    const headline = i18n.t(key);
    if (i18n.locale.value === 'en') return detail ?? headline;
    return detail && detail !== headline ? `${headline}（${detail}）` : headline;
  };
}
