/**
 * CloudBase-style errors raised by the database engine.
 *
 * Wire contract (verified against @cloudbase/node-sdk@3.17.2 `utils/tcbapirequester.ts` and
 * wx-server-sdk@4.0.2): an error MUST be answered with HTTP 200 and the JSON body
 *   {"code": "<CODE>", "message": "<text>", "requestId": "<id>"}
 * The SDK parses any 200 body and throws `TcbError{code,message,requestId}` when `code` is truthy;
 * wx-server-sdk then maps known codes to numeric `errCode`s (e.g. DATABASE_COLLECTION_NOT_EXIST →
 * -502005, INVALID_PARAM → -501007, anything else → -501001). `runTransaction` retries only when
 * `code === 'DATABASE_TRANSACTION_CONFLICT'` reaches it unchanged (i.e. from commitTransaction).
 * A non-200 status instead becomes `{code: <status number>, message: "<status> <text> | [url]"}`
 * and the CloudBase code is lost — so never use it for TwinError.
 */
import { MingoError } from 'mingo/util';

export type TwinErrorCode =
  | 'INVALID_PARAM'
  | 'SYS_ERR'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR' // sic — CloudBase's own spelling
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL';

export class TwinError extends Error {
  readonly code: string;
  /** HTTP status for the reply; undefined means 200, which is what the SDK requires (see above). */
  readonly httpStatus?: number;

  constructor(code: TwinErrorCode | string, message: string, httpStatus?: number) {
    super(message);
    this.name = 'TwinError';
    this.code = code;
    if (httpStatus !== undefined) this.httpStatus = httpStatus;
  }
}

export const invalidParam = (message: string): TwinError => new TwinError('INVALID_PARAM', message);

export const requestFailed = (message: string): TwinError =>
  new TwinError('DATABASE_REQUEST_FAILED', message);

export const collectionNotExist = (name: string): TwinError =>
  new TwinError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request, but if the problem persists, contact us.`,
  );

export const transactionConflict = (txId: string): TwinError =>
  new TwinError(
    'DATABASE_TRANSACTION_CONFLICT',
    `[WriteConflict] transaction ${txId} conflicted with a concurrent write and has been aborted; retry it`,
  );

/** Wraps any thrown value (mingo assertion, bug) as a TwinError, preserving TwinErrors. */
export function asTwinError(err: unknown): TwinError {
  if (err instanceof TwinError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // mingo raises MingoError for bad operators/expressions: a request problem, like Mongo's errors.
  if (err instanceof MingoError) return requestFailed(message);
  return new TwinError('SYS_ERR', message);
}
