/**
 * One shared mingo context: every built-in operator plus our geo query operators.
 * Scripts (`$where`, `$function`, `$accumulator`) are disabled: queries come from the network.
 */
import { Context } from 'mingo/core';
import { Query } from 'mingo/query';
import { Aggregator } from 'mingo/aggregator';
import { update as mingoUpdate } from 'mingo/updater';
import { MingoError } from 'mingo/util';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options } from 'mingo/types';
import { geoQueryOperators } from './geo';
import type { Doc } from './ejson';

const CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  // geo operators share mingo's query-operator signature: (selector, operand, options) => predicate
  query: { ...queryOperators, ...geoQueryOperators } as unknown as typeof queryOperators,
  window: windowOperators,
});

export function mingoOptions(extra?: Partial<Options>): Partial<Options> {
  return { context: CONTEXT, scriptEnabled: false, idKey: '_id', ...extra };
}

const BASE = mingoOptions();

export function compileQuery(filter: Doc): Query {
  return new Query(filter, BASE);
}

/** Sorts with Mongo's comparison order (stable for equal keys). */
export function sortDocs(docs: Doc[], order: Doc): Doc[] {
  if (Object.keys(order).length === 0) return docs;
  return new Query({}, BASE).find<Doc>(docs).sort(order).all();
}

export function projectDocs(docs: Doc[], projection: Doc): Doc[] {
  return new Query({}, BASE).find<Doc>(docs, projection).all();
}

export function runPipeline(docs: Doc[], pipeline: Doc[], extra?: Partial<Options>): Doc[] {
  return new Aggregator(pipeline, mingoOptions(extra)).run<Doc>(docs);
}

/** Applies Mongo update operators in place; returns the modified paths. */
export function applyOperators(doc: Doc, modifier: Doc): string[] {
  return mingoUpdate(doc, modifier as Parameters<typeof mingoUpdate>[1], undefined, undefined, {
    cloneMode: 'deep',
    queryOptions: BASE,
  });
}

export { MingoError };
