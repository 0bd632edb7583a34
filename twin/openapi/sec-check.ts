import fs from 'node:fs';
import { z } from 'zod';
import { check } from '../validation';
import { traceId, wxError, wxOk, type OpenApiCall, type OpenApiHandler, type OpenApiReply } from './types';

// WeChat's msgSecCheck v2 labels.
const LABELS = { ads: 10001, politics: 20001, porn: 20002, abuse: 20003, violence: 20006, fraud: 20008, vulgar: 20012, other: 21000 } as const;
type Category = keyof typeof LABELS;
type Suggest = 'risky' | 'review';
export interface SecWordRule {
  category: Category;
  suggest: Suggest;
  word: string;
}

/** Reads the word list (`<category> <suggest> <word…>` per line, `#` comments). */
export function loadSecWords(file: string): SecWordRule[] {
  const rules: SecWordRule[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const m = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line);
      if (!m || !(m[1] in LABELS) || (m[2] !== 'risky' && m[2] !== 'review')) {
        throw new Error(`${file}:${i + 1}: expected "<category> <risky|review> <word>", got "${line}"`);
      }
      rules.push({ category: m[1] as Category, suggest: m[2], word: m[3].toLowerCase() });
    });
  return rules;
}

const MsgSecCheckParams = z
  .object({
    content: z.string(),
    version: z.coerce.number().int().optional(),
    scene: z.coerce.number().int().optional(),
    openid: z.string().optional(),
    title: z.string().optional(),
    nickname: z.string().optional(),
    signature: z.string().optional(),
  })
  .passthrough();

const MAX_CONTENT_CHARS = 2500;

function verdict(rules: SecWordRule[], texts: (string | undefined)[]): { suggest: 'pass' | Suggest; label: number; keyword?: string } {
  const haystack = texts.filter((t): t is string => !!t).join('\n').toLowerCase();
  const hits = rules.filter((r) => haystack.includes(r.word));
  const hit = hits.find((h) => h.suggest === 'risky') ?? hits[0];
  return hit ? { suggest: hit.suggest, label: LABELS[hit.category], keyword: hit.word } : { suggest: 'pass', label: 100 };
}

/**
 * The twin's verdict on an image for the `wxa_media_check` push: the same word list, matched against the
 * image's bytes read as text — a test or demo image carrying e.g. `twin-abuse` (in a PNG text chunk, a JPEG
 * comment, anywhere) is risky, one carrying `twin-ads` goes to review; every other image passes.
 */
export function imageVerdict(rules: SecWordRule[], bytes: Buffer): { suggest: 'pass' | Suggest; label: number } {
  const { suggest, label } = verdict(rules, [bytes.toString('utf8')]);
  return { suggest, label };
}

export function msgSecCheck(rules: () => SecWordRule[]): OpenApiHandler {
  return (call: OpenApiCall): OpenApiReply => {
    const p = check(MsgSecCheckParams, call.params);
    if (!p.ok) return wxError(47001, `data format error: ${p.message}`);
    const { content, version = 1, scene, openid } = p.value;
    if (content.length === 0) return wxError(44004, 'empty content');
    if ([...content].length > MAX_CONTENT_CHARS) return wxError(45002, `content size out of limit (${MAX_CONTENT_CHARS} characters)`);
    const v = verdict(rules(), [content, p.value.title, p.value.nickname, p.value.signature]);
    if (version !== 2) {
      // Version 1: errcode 87014 means risky; there is no "review".
      return v.suggest === 'risky' ? wxError(87014, 'risky content') : wxOk();
    }
    if (!openid) return wxError(40003, 'invalid openid');
    if (scene === undefined || scene < 1 || scene > 4) return wxError(40097, 'invalid args: scene must be 1, 2, 3 or 4');
    const detail: Record<string, unknown>[] = [{ strategy: 'content_model', errcode: 0, suggest: v.suggest, label: v.label, prob: 90 }];
    if (v.keyword) detail.push({ strategy: 'keyword', errcode: 0, suggest: v.suggest, label: v.label, level: 20, keyword: v.keyword });
    return wxOk({ result: { suggest: v.suggest, label: v.label }, detail, trace_id: traceId() });
  };
}

export const imgSecCheck: OpenApiHandler = (call) => {
  const media = call.media.media;
  if (!media) return wxError(41005, 'media data missing');
  if (!/^image\//.test(media.contentType)) return wxError(40006, 'invalid media type, an image is expected');
  return wxOk();
};

const MediaCheckAsyncParams = z
  .object({
    media_url: z.string().url(),
    media_type: z.coerce.number().int().refine((n) => n === 1 || n === 2, 'media_type must be 1 (audio) or 2 (image)'),
    version: z.coerce.number().int().optional(),
    scene: z.coerce.number().int().optional(),
    openid: z.string().optional(),
  })
  .passthrough();

export const mediaCheckAsync: OpenApiHandler = (call) => {
  const p = check(MediaCheckAsyncParams, call.params);
  if (!p.ok) return wxError(40097, `invalid args: ${p.message}`);
  if (p.value.version === 2) {
    if (!p.value.openid) return wxError(40003, 'invalid openid');
    if (p.value.scene === undefined || p.value.scene < 1 || p.value.scene > 4) return wxError(40097, 'invalid args: scene must be 1, 2, 3 or 4');
  }
  return wxOk({ trace_id: traceId() });
};
