// Duplicate reports on the case detail (M-6): likely duplicates for staff to merge, earlier fixed cases
// at the same place (information only), and the reports merged into this case.
import type { DuplicateKind } from '../dedup';

export interface DuplicateSuggestion {
  id: string;
  no: string;
  text: string;
  stateLabel: string;
  placeLabel: string;
  createdAt: string;
  score: number;
  kind: DuplicateKind;
  /** Metres between the two reports, null when either has no location. */
  distance: number | null;
  /** The viewer may merge this case into that one now. */
  canMergeInto: boolean;
}

export interface MergedReport {
  id: string;
  channelLabel: string;
  at: string;
}

export const DUPLICATE_KIND_LABELS: Record<DuplicateKind, string> = {
  merge: '很可能是同一问题',
  suggest: '可能是同一问题',
  recurrence: '此前同一地点已办结',
};
