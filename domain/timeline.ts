// Timeline display items derived from audit events. STUB — being implemented.
import type { AuditEventDraft } from './types';
import type { Org } from './org';

export interface TimelineItem {
  at: string;
  action: string;
  label: string;
  actorLabel: string;
  text?: string;
  photos?: string[];
  state: string;
}

export function timelineFromEvents(events: AuditEventDraft[], opts: { audience: 'public' | 'staff'; org?: Org }): TimelineItem[] {
  return events.length && opts ? [] : [];
}
