import { z } from 'zod';
import { check } from '../validation';
import { wxError, wxOk, type OpenApiHandler } from './types';

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]+$/;

/** WeChat's value rules per template keyword type (the key's prefix, e.g. `thing1` → thing). */
const RULES: Record<string, { max: number; test?: (v: string) => boolean; hint: string }> = {
  thing: { max: 20, hint: 'at most 20 characters' },
  short_thing: { max: 5, hint: 'at most 5 characters' },
  number: { max: 32, test: (v) => /^[+-]?\d+(\.\d+)?$/.test(v), hint: 'a number of at most 32 characters' },
  letter: { max: 32, test: (v) => /^[A-Za-z]+$/.test(v), hint: 'at most 32 letters' },
  symbol: { max: 5, test: (v) => /^[^\p{L}\p{N}\s]+$/u.test(v), hint: 'at most 5 symbols' },
  character_string: { max: 32, test: (v) => /^[\x21-\x7e]+$/.test(v), hint: 'at most 32 letters, digits or symbols' },
  time: { max: 40, test: (v) => /\d/.test(v), hint: 'a 24-hour time or date-time' },
  date: { max: 40, test: (v) => /\d/.test(v), hint: 'a date or date-time' },
  amount: { max: 14, test: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v), hint: 'an amount of at most 10 digits' },
  phone_number: { max: 17, test: (v) => /^[\d+\-() ]+$/.test(v), hint: 'a phone number of at most 17 characters' },
  car_number: { max: 8, hint: 'a plate number of at most 8 characters' },
  name: {
    max: 20,
    test: (v) => (CJK.test(v) ? [...v].length <= 10 : /^[A-Za-z .·]+$/.test(v)),
    hint: 'at most 10 Chinese characters or 20 letters',
  },
  phrase: { max: 5, test: (v) => CJK.test(v), hint: 'at most 5 Chinese characters' },
};

const Params = z
  .object({
    touser: z.string().optional(),
    template_id: z.string().optional(),
    page: z.string().optional(),
    data: z.record(z.unknown()).optional(),
    miniprogram_state: z.string().optional(),
    lang: z.string().optional(),
  })
  .passthrough();

/** Checks one template data entry; returns an error message or undefined. */
export function checkTemplateValue(key: string, entry: unknown): string | undefined {
  const type = /^([a-z_]+?)\d+$/.exec(key)?.[1];
  const rule = type ? RULES[type] : undefined;
  if (!rule) return `argument invalid! data.${key} has an unknown keyword type`;
  const value = (entry as { value?: unknown } | null)?.value;
  if (typeof value !== 'string' && typeof value !== 'number') return `argument invalid! data.${key}.value is empty`;
  const v = String(value);
  if (v.length === 0) return `argument invalid! data.${key}.value is empty`;
  if ([...v].length > rule.max || (rule.test && !rule.test(v))) {
    return `argument invalid! data.${key}.value "${v}" is invalid: ${type} must be ${rule.hint}`;
  }
  return undefined;
}

export const subscribeMessageSend: OpenApiHandler = (call) => {
  const p = check(Params, call.params);
  if (!p.ok) return wxError(47001, `data format error: ${p.message}`);
  const { touser, template_id, data, miniprogram_state, lang, page } = p.value;
  if (!touser) return wxError(40003, 'invalid openid');
  if (!template_id) return wxError(40037, 'invalid template_id');
  if (page !== undefined && page.startsWith('/')) return wxError(40165, 'invalid weapp pagepath: must not start with "/"');
  if (miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(miniprogram_state)) {
    return wxError(40097, 'invalid args: miniprogram_state must be developer, trial or formal');
  }
  if (lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(lang)) return wxError(40097, 'invalid args: lang');
  if (!data || Object.keys(data).length === 0) return wxError(47003, 'argument invalid! data is empty');
  for (const [key, entry] of Object.entries(data)) {
    const problem = checkTemplateValue(key, entry);
    if (problem) return wxError(47003, problem);
  }
  return wxOk({ msgid: Math.floor(Math.random() * 2 ** 48) });
};
