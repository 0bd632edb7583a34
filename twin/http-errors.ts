import type { FastifyReply } from 'fastify';
import { TwinHttpError, type TwinErrorCode } from './errors';
import type { InvokeErrorCode } from './functions/pool';

export function sendError(reply: FastifyReply, err: TwinHttpError): FastifyReply {
  return reply.status(err.status).send({ errCode: err.errCode, errMsg: err.message });
}

const INVOKE_STATUS: Record<InvokeErrorCode, number> = {
  FUNCTION_NOT_FOUND: 404,
  FUNCTION_TIMEOUT: 504,
  FUNCTION_CRASHED: 502,
  FUNCTION_ERROR: 500,
  FUNCTION_RESULT_INVALID: 500,
  TWIN_CLOSING: 503,
};

export function invokeError(code: InvokeErrorCode, message: string): TwinHttpError {
  return new TwinHttpError(code satisfies TwinErrorCode, message, INVOKE_STATUS[code]);
}
