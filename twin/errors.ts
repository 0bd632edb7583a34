// Error values used across the twin. Every error carries a stable code and a clear message.

/** Codes the twin reports over its own HTTP surfaces (gateway, admin). Stable: clients may switch on them. */
export type TwinErrorCode =
  | 'INVALID_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'DEV_IDENTITY_DISABLED'
  | 'FUNCTION_NOT_FOUND'
  | 'FUNCTION_TIMEOUT'
  | 'FUNCTION_CRASHED'
  | 'FUNCTION_ERROR'
  | 'FUNCTION_RESULT_INVALID'
  | 'TRIGGER_NOT_FOUND'
  | 'FILE_NOT_FOUND'
  | 'URL_EXPIRED'
  | 'URL_SIGNATURE_INVALID'
  | 'DATABASE_ERROR'
  | 'TWIN_CLOSING'
  | 'INTERNAL_ERROR';

/** An error the gateway / admin routes turn into `{ errCode, errMsg }` with `status`. */
export class TwinHttpError extends Error {
  constructor(
    readonly errCode: TwinErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'TwinHttpError';
  }
}

/**
 * An error on the CloudBase wire (`POST /admin`). `code` is a CloudBase code string that
 * wx-server-sdk maps through its TCB_ERR_CODE table (unknown codes become SYS_ERR -501001).
 * `httpStatus` is 200 for action-level errors (what CloudBase does, and what keeps the SDK's
 * message intact) and 4xx only when the envelope itself is unusable.
 */
export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
