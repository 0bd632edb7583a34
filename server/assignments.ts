// Department inbox rows: one flat document per (whistle, department), written in the same transaction
// as the whistle. CloudBase (and the twin) cannot index inside the `assignments` array, so the
// department inbox queries this collection instead (index `dept_inbox`).
import { openWhistleDeadlines, type AssignmentState, type WhistleDoc, type WhistleState } from '../domain';
import type { Tx } from './db';

export const ASSIGNMENTS = 'whistle_assignments';

export interface AssignmentRow {
  _id: string;
  whistleId: string;
  dept: string;
  county: string;
  township: string;
  role: 'lead' | 'co';
  state: AssignmentState;
  whistleState: WhistleState;
  kind: WhistleDoc['kind'];
  /** This department's earliest running deadline (check-in, then completion); null when none runs. */
  due: string | null;
  createdAt: string;
}

export function assignmentRows(doc: WhistleDoc): AssignmentRow[] {
  const open = openWhistleDeadlines(doc);
  return doc.assignments.map((a) => ({
    _id: `${doc._id}_${a.dept}`,
    whistleId: doc._id,
    dept: a.dept,
    county: doc.county,
    township: doc.township,
    role: a.role,
    state: a.state,
    whistleState: doc.state,
    kind: doc.kind,
    due: open.filter((o) => o.dept === a.dept).map((o) => o.due).sort()[0] ?? null,
    createdAt: doc.createdAt,
  }));
}

/** Writes the rows that changed between two versions of a whistle (before: null on creation). */
export async function syncAssignmentRows(tx: Tx, before: WhistleDoc | null, after: WhistleDoc): Promise<void> {
  const old = new Map((before ? assignmentRows(before) : []).map((r) => [r._id, JSON.stringify(r)]));
  for (const row of assignmentRows(after)) {
    if (old.get(row._id) === JSON.stringify(row)) continue;
    const { _id, ...data } = row;
    await tx.collection(ASSIGNMENTS).doc(_id).set({ data });
  }
}
