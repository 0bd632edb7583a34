// Staff see where a case came from in the source systems (12345 工单编号, 建议编号, visit registration) — M-4.
import { CHANNEL_LABELS } from '../inputs';
import { STAFF_ROLES, effectiveBindings } from '../roles';
import type { Actor, CaseDoc } from '../types';

export interface SourceView {
  channel: CaseDoc['channel'];
  channelLabel: string;
  sourceId: string;
  reportedAt?: string;
}

/** Staff only: source ids are internal references (a hotline number may identify the caller's ticket). */
export function sourcesFor(doc: CaseDoc, viewer: Actor): { sources?: SourceView[] } {
  // Visit registrations carry only the form's request id: nothing a person would look up.
  const external = (doc.sources ?? []).filter((s) => s.channel !== 'grid_visit' && s.channel !== 'party_visit');
  if (!external.length || !effectiveBindings(viewer).some((b) => STAFF_ROLES.includes(b.role))) return {};
  return {
    sources: external.map((s) => ({ channel: s.channel, channelLabel: CHANNEL_LABELS[s.channel], sourceId: s.sourceId, ...(s.reportedAt ? { reportedAt: s.reportedAt } : {}) })),
  };
}
