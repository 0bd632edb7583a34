import { createHash } from 'node:crypto';
import { z } from 'zod';
import { check } from '../validation';
import { wxError, wxOk, type OpenApiHandler } from './types';

/**
 * `phonenumber.getPhoneNumber` (POST /wxa/business/getuserphonenumber): exchanges the one-time `code` of
 * `<button open-type="getPhoneNumber">` for the user's number. WeChat's codes expire after 5 minutes and
 * work once; so do the twin's. The twin has no phone button, so it accepts development codes:
 *   `twin-phone-<11 digits>[-<tag>]` → exactly that mainland number (twin-phone-13812341234, twin-phone-13812341234-2)
 *   `twin-phone-<other text>` → a deterministic 138… number derived from the text
 * Anything else is an invalid code (errcode 40029), as WeChat answers for a wrong or forged code.
 */
export const DEV_PHONE_CODE = /^twin-phone-([A-Za-z0-9_-]{1,64})$/;
const CODE_TTL_MS = 5 * 60_000;

const Params = z.object({ code: z.string().min(1), openid: z.string().optional() }).passthrough();

function numberFor(suffix: string): string {
  const exact = /^(1[3-9]\d{9})(?:-|$)/.exec(suffix);
  if (exact) return exact[1];
  const digits = parseInt(createHash('sha256').update(suffix).digest('hex').slice(0, 12), 16) % 100_000_000;
  return `138${digits.toString().padStart(8, '0')}`;
}

export function getPhoneNumber(): OpenApiHandler {
  /** code → first use; a code is spent on its first successful exchange. */
  const used = new Map<string, number>();
  return (call) => {
    const p = check(Params, call.params);
    if (!p.ok) return wxError(47001, `data format error: ${p.message}`);
    const m = DEV_PHONE_CODE.exec(p.value.code);
    if (!m) return wxError(40029, 'invalid code');
    const now = call.now.getTime();
    for (const [code, at] of used) if (now - at > CODE_TTL_MS) used.delete(code);
    if (used.has(p.value.code)) return wxError(40029, 'invalid code, code has been used');
    used.set(p.value.code, now);
    const purePhoneNumber = numberFor(m[1]);
    return wxOk({
      phone_info: {
        phoneNumber: purePhoneNumber,
        purePhoneNumber,
        countryCode: '86',
        watermark: { timestamp: Math.floor(now / 1000), appid: call.caller?.appId ?? '' },
      },
    });
  };
}
