// Smart dispatch (平台派哨, M-16): the proposal the whistle office sees combines the three lists (the
// duty-list lead and co departments, domain/dutyLists.ts) with what the office actually chose on earlier
// whistles of the same matter type in the same township. Every dispatch is kept as a record; one where
// the office chose differently from the proposal is a correction and weighs more. Evidence voting is
// written here (a dozen lines) rather than pulled from a library: the inputs are a few dozen records.
//
// Lead: the department with the most weight — the duty list counts as LIST_PRIOR earlier choices, each
// past dispatch adds its weight to the department chosen as lead. Co: every other department chosen
// (or listed) in at least CO_SHARE of the weighted evidence. Ties keep the duty list's choice.
import type { Route } from './dutyLists';

export interface DispatchChoice {
  lead: string;
  co: string[];
}

/** One dispatch by the whistle office (collection `dispatch_history`). */
export interface DispatchRecord {
  county: string;
  township: string;
  matterType: string;
  whistleId: string;
  at: string;
  /** What the platform proposed at the time, and what the office chose. */
  proposed: DispatchChoice;
  chosen: DispatchChoice;
  /** chosen differs from proposed: a correction (M-16). */
  corrected: boolean;
  by: string;
}

export interface DispatchBasis {
  /** 'lists' when no earlier dispatch of this matter type in this township exists. */
  source: 'lists' | 'history';
  dispatches: number;
  corrections: number;
  /** Short Chinese line for the dispatch form: 依据：三张清单 / 以往 N 次派哨. */
  text: string;
}

export interface DispatchProposal extends DispatchChoice {
  basis: DispatchBasis;
}

export const DISPATCH_LEARNING = {
  /** The duty list counts as this many earlier dispatches. */
  listPrior: 1,
  /** Weight of an accepted proposal and of a correction. */
  acceptedWeight: 1,
  correctionWeight: 2,
  /** A co-handling department is proposed when at least this share of the evidence chose it. */
  coShare: 0.5,
  /** Most recent records read per (matter type, township). */
  window: 50,
} as const;

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export function isCorrection(proposed: DispatchChoice, chosen: DispatchChoice): boolean {
  return proposed.lead !== chosen.lead || !sameSet(proposed.co, chosen.co.filter((d) => d !== chosen.lead));
}

/** The proposal for a whistle whose duty-list route is `route`, shifted by earlier dispatches (newest first). */
export function proposeDispatch(route: Pick<Route, 'lead' | 'co'>, history: readonly DispatchRecord[]): DispatchProposal | null {
  if (!route.lead) return null;
  const L = DISPATCH_LEARNING;
  const listCo = (route.co ?? []).filter((d) => d !== route.lead);
  const records = history.slice(0, L.window);
  const weight = (r: DispatchRecord) => (r.corrected ? L.correctionWeight : L.acceptedWeight);

  const leadScore = new Map<string, number>([[route.lead, L.listPrior]]);
  for (const r of records) leadScore.set(r.chosen.lead, (leadScore.get(r.chosen.lead) ?? 0) + weight(r));
  let lead = route.lead;
  for (const [dept, score] of leadScore) if (score > leadScore.get(lead)!) lead = dept;

  const total = L.listPrior + records.reduce((sum, r) => sum + weight(r), 0);
  const support = new Map<string, number>();
  for (const d of listCo) support.set(d, L.listPrior);
  for (const r of records) for (const d of new Set(r.chosen.co)) support.set(d, (support.get(d) ?? 0) + weight(r));
  const co = [...support.entries()].filter(([d, s]) => d !== lead && s / total >= L.coShare).map(([d]) => d);
  // Keep the list's order, then departments learned from history.
  co.sort((a, b) => rank(listCo, a) - rank(listCo, b));

  const corrections = records.filter((r) => r.corrected).length;
  const basis: DispatchBasis = records.length
    ? { source: 'history', dispatches: records.length, corrections, text: `依据：三张清单 + 以往 ${records.length} 次派哨${corrections ? `（其中 ${corrections} 次调整）` : ''}（M-16）` }
    : { source: 'lists', dispatches: 0, corrections: 0, text: '依据：三张清单（M-16）' };
  return { lead, co, basis };
}

const rank = (list: string[], d: string) => {
  const i = list.indexOf(d);
  return i < 0 ? list.length : i;
};
