import type { CallerIdentity } from '../functions/identity';

export interface MediaParam {
  contentType: string;
  filename?: string;
  value: Buffer;
}

export interface OpenApiCall {
  apiName: string;
  /** JSON-decoded parameters, snake_case keys as WeChat receives them. */
  params: Record<string, unknown>;
  /** Binary parameters (e.g. `media` of imgSecCheck). */
  media: Record<string, MediaParam>;
  caller?: CallerIdentity;
  now: Date;
}

export type OpenApiReply =
  | { kind: 'json'; body: Record<string, unknown> }
  | { kind: 'buffer'; contentType: string; data: Buffer };

export type OpenApiHandler = (call: OpenApiCall) => OpenApiReply | Promise<OpenApiReply>;

/** A WeChat error reply, as WeChat words it (`… rid: …`). */
export function wxError(errcode: number, errmsg: string): OpenApiReply {
  const rid = `${Math.floor(Date.now() / 1000).toString(16)}-${Math.random().toString(16).slice(2, 10)}`;
  return { kind: 'json', body: { errcode, errmsg: `${errmsg} rid: ${rid}` } };
}

export function wxOk(body: Record<string, unknown> = {}): OpenApiReply {
  return { kind: 'json', body: { errcode: 0, errmsg: 'ok', ...body } };
}

export function traceId(): string {
  const hex = () => Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  return `${Math.floor(Date.now() / 1000).toString(16)}-${hex()}-${hex()}`;
}
