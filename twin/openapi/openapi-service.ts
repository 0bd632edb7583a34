import fs from 'node:fs';
import { WireError } from '../errors';
import type { CallerIdentity } from '../functions/identity';
import type { TwinLogger } from '../logger';
import type { Outbox } from '../outbox';
import { contentTypeFor } from '../storage/file-store';
import { decodeApiData, encodeOpenApiResp, type DecodedApiData } from './protobuf';
import { imgSecCheck, loadSecWords, mediaCheckAsync, msgSecCheck, type SecWordRule } from './sec-check';
import { getPhoneNumber } from './phonenumber';
import { subscribeMessageSend } from './subscribe-message';
import { wxError, type MediaParam, type OpenApiHandler, type OpenApiReply } from './types';
import { getUnlimited } from './wxacode';

export interface OpenApiServiceOptions {
  outbox: Outbox;
  now: () => Date;
  secWordsFile: string;
  /** `permissions.openapi` of a function's config.json; undefined when it has none. */
  permissionsFor: (functionName: string) => string[] | undefined;
  log: TwinLogger;
  /** Called after an accepted, recorded call (e.g. to schedule the `wxa_media_check` push). */
  onRecorded?: (apiName: string, params: Record<string, unknown>, result: Record<string, unknown>) => void;
}

// errcodes wx-server-sdk knows for the cloud open-API gateway (config/error.config.ts).
const OPENAPI_NOT_FOUND = -604100;
const OPENAPI_NO_PERMISSION = -604101;

/** Calls whose accepted requests the twin keeps in the outbox (they would leave for WeChat). */
const RECORDED = new Set(['subscribeMessage.send', 'security.msgSecCheck', 'security.imgSecCheck', 'security.mediaCheckAsync']);

/** `wx.openApi`: decodes the SDK's protobuf request, runs the local API, encodes `CommOpenApiResp`. */
export class OpenApiService {
  private readonly handlers: Record<string, OpenApiHandler>;
  private secWords: { mtimeMs: number; rules: SecWordRule[] } | undefined;

  constructor(private readonly opts: OpenApiServiceOptions) {
    this.handlers = {
      'security.msgSecCheck': msgSecCheck(() => this.secWordRules()),
      'security.imgSecCheck': imgSecCheck,
      'security.mediaCheckAsync': mediaCheckAsync,
      'subscribeMessage.send': subscribeMessageSend,
      'wxacode.getUnlimited': getUnlimited,
      'phonenumber.getPhoneNumber': getPhoneNumber(),
    };
  }

  /** The word list, re-read when the file changes. */
  secWordRules(): SecWordRule[] {
    const mtimeMs = fs.statSync(this.opts.secWordsFile).mtimeMs;
    if (!this.secWords || this.secWords.mtimeMs !== mtimeMs) {
      this.secWords = { mtimeMs, rules: loadSecWords(this.opts.secWordsFile) };
    }
    return this.secWords.rules;
  }

  async handle(apiName: string, requestData: Buffer, caller?: CallerIdentity): Promise<Buffer> {
    let decoded: DecodedApiData;
    try {
      decoded = decodeApiData(requestData);
    } catch (err) {
      throw new WireError('INVALID_PARAM', `wx.openApi: requestData is not a CommApiData protobuf (${(err as Error).message})`);
    }
    const reply = await this.run(apiName, decoded, caller);
    if (reply.kind === 'buffer') return encodeOpenApiResp({ respData: reply.data, contentType: reply.contentType, httpCode: 200 });
    return encodeOpenApiResp({ respData: Buffer.from(JSON.stringify(reply.body)), contentType: 'application/json; charset=utf-8', httpCode: 200 });
  }

  private async run(apiName: string, decoded: DecodedApiData, caller?: CallerIdentity): Promise<OpenApiReply> {
    const params: Record<string, unknown> = {};
    const media: Record<string, MediaParam> = {};
    for (const pair of decoded.pairs) {
      // wx-server-sdk 4.0.2 sets `contentType` on media pairs, which its encoder (field `contenttype`)
      // drops: a media pair arrives with raw bytes and a filename like `media.png`.
      if (pair.contenttype || pair.filename) {
        media[pair.key] = { contentType: pair.contenttype ?? contentTypeFor(pair.filename ?? ''), filename: pair.filename, value: pair.value };
        continue;
      }
      try {
        params[pair.key] = JSON.parse(pair.value.toString('utf8'));
      } catch {
        return wxError(47001, `data format error: parameter "${pair.key}" is not JSON`);
      }
    }
    if (caller?.functionName) {
      const allowed = this.opts.permissionsFor(caller.functionName) ?? [];
      if (!allowed.includes(apiName)) {
        this.opts.log('warn', `function ${caller.functionName} called openapi.${apiName} without permission`);
        return wxError(
          OPENAPI_NO_PERMISSION,
          `function "${caller.functionName}" has no permission for openapi.${apiName}: add "${apiName}" to permissions.openapi in its config.json`,
        );
      }
    }
    const handler = this.handlers[apiName];
    if (!handler) return wxError(OPENAPI_NOT_FOUND, `api not found: the twin does not implement openapi.${apiName}`);
    const now = this.opts.now();
    const reply = await handler({ apiName, params, media, caller, now });
    if (reply.kind === 'json' && reply.body.errcode === 0 && RECORDED.has(apiName)) {
      const payload: Record<string, unknown> = { ...params };
      for (const [key, m] of Object.entries(media)) payload[key] = { contentType: m.contentType, filename: m.filename, bytes: m.value.length };
      this.opts.outbox.add(
        {
          apiName,
          payload,
          result: reply.body,
          caller: caller?.functionName ? { functionName: caller.functionName, invocationId: caller.invocationId ?? '' } : undefined,
        },
        now,
      );
      this.opts.onRecorded?.(apiName, params, reply.body);
    }
    return reply;
  }
}
