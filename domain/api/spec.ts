// How a cloud function's actions are described once and shared by the functions and the typed client.
import type { z } from 'zod';

export interface ActionSpec<I extends z.ZodTypeAny = z.ZodTypeAny, O = unknown> {
  input: I;
  /** Phantom field carrying the output type; never set at run time. */
  readonly _output?: O;
}

export type FunctionSpec = Record<string, ActionSpec>;

/** defineAction<Output>()(inputSchema): the output type is declared, the input is validated. */
export function defineAction<O>() {
  return <I extends z.ZodTypeAny>(input: I): ActionSpec<I, O> => ({ input });
}

export type InputOf<S> = S extends ActionSpec<infer I, unknown> ? z.input<I> : never;
export type OutputOf<S> = S extends ActionSpec<z.ZodTypeAny, infer O> ? O : never;

/** The reply envelope every cloud function returns. */
export type ApiReply<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

export interface ApiErrorBody {
  code: string;
  message: string;
  rule?: string;
}
