/**
 * The API's errors in the person's language. The API answers in English (its `detail` names the
 * status, the action, who may act); a desk operator reading Chinese first sees what happened in
 * Chinese — by the refusal code, else the problem's type, else the HTTP status — with the API's
 * sentence after it for the details. In English the API's sentence is the message.
 */
import type { FieldFacts, ProblemFacts, ProblemWording } from './problem';

/** The part of vue-i18n's global composer used here. */
interface AppI18n {
  t(key: string, named?: Record<string, unknown>): string;
  te(key: string, locale?: string): boolean;
  locale: { value: string };
}

export function problemWording(i18n: AppI18n): ProblemWording {
  const english = () => i18n.locale.value === 'en';
  return {
    problem: ({ kind, code, status, detail, title }: ProblemFacts) => {
      const key = [
        code === undefined ? undefined : `problem.refusal.${code}`,
        `problem.kind.${kind}`,
        status === null ? undefined : `problem.status.${status}`,
      ].find((candidate) => candidate !== undefined && i18n.te(candidate, 'zh-CN'));
      if (!key) return detail ?? title ?? '';
      const headline = i18n.t(key);
      if (english()) return detail ?? headline;
      return detail && detail !== headline ? `${headline}（${detail}）` : headline;
    },
    /**
     * Under the field, short: "required", "at most 200 characters". A format's own hint (the
     * API's sentence, e.g. which characters a phone number may have) follows in brackets.
     */
    field: ({ detail, code, limit }: FieldFacts) => {
      if (english() || code === undefined) return detail;
      const key =
        code === 'too_small' && limit === 1 ? 'problem.field.required' : `problem.field.${code}`;
      if (!i18n.te(key, 'zh-CN')) return detail;
      const worded = i18n.t(key, { limit });
      return code === 'invalid_format' || code === 'custom' ? `${worded}（${detail}）` : worded;
    },
  };
}
