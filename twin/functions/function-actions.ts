import { z } from 'zod';
import { WireError } from '../errors';
import { check } from '../validation';
import type { WireAction } from '../wire-context';
import { chainedIdentity } from './identity';
import type { FunctionPool } from './pool';

const InvokeBody = z.object({ function_name: z.string().min(1), request_data: z.string().optional(), qualifier: z.string().optional() }).passthrough();

/** Parses callFunction's `request_data` (JSON text of `data`, '' when none) into the event object. */
function parseRequestData(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new WireError('INVALID_PARAM', 'functions.invokeFunction: request_data is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WireError('INVALID_PARAM', 'functions.invokeFunction: request_data must encode a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** `functions.invokeFunction`, i.e. `cloud.callFunction` from functions, scripts and tests. */
export function functionActions(pool: FunctionPool): Record<string, WireAction> {
  return {
    'functions.invokeFunction': async (body, ctx) => {
      const r = check(InvokeBody, body);
      if (!r.ok) throw new WireError('INVALID_PARAM', `functions.invokeFunction: ${r.message}`);
      const event = parseRequestData(r.value.request_data);
      const identity = chainedIdentity(ctx.caller);
      if (identity.openId) event.userInfo = { appId: identity.appId, openId: identity.openId };
      const outcome = await pool.invoke({ functionName: r.value.function_name, event, identity });
      if (!outcome.ok) {
        // CloudBase reports these as FUNCTIONS_EXECUTE_FAIL (-504002) / FUNCTIONS_REQUEST_FAIL (-504001);
        // the twin's own code leads the message.
        const code = outcome.error.code === 'FUNCTION_NOT_FOUND' || outcome.error.code === 'TWIN_CLOSING' ? 'FUNCTIONS_REQUEST_FAIL' : 'FUNCTIONS_EXECUTE_FAIL';
        throw new WireError(code, `[${outcome.error.code}] ${outcome.error.message} (invocation ${outcome.invocationId})`);
      }
      return { response_data: JSON.stringify(outcome.result ?? null) };
    },
  };
}
