// Who may see what (M-1 jurisdiction): staff see their own units, departments the whistles sent to them,
// residents their own cases, the whistle office and leaders everything in the county.
import { STAFF_ROLES, effectiveBindings } from './roles';
import { isCaseRegistrar, isCaseReporter } from './table';
import { visibleBeyondGrid } from './contentCheck';
import type { Actor, CaseDoc, DocOf, Entity, RoleBinding, WhistleDoc } from './types';

function caseVisibleTo(b: RoleBinding, doc: CaseDoc, actor: Actor, whistle?: WhistleDoc): boolean {
  // Photos awaiting their content-security verdict: only the reporter (or visit registrar) and the grid's worker (issue 5 §7).
  if (!visibleBeyondGrid(doc) && b.role !== 'grid_worker' && !isCaseReporter(doc, actor) && !isCaseRegistrar(doc, actor)) return false;
  switch (b.role) {
    case 'resident':
    case 'rider':
      return isCaseReporter(doc, actor);
    case 'party_member':
      // A party member follows what they reported and what they registered on visits (M-4).
      return isCaseReporter(doc, actor) || isCaseRegistrar(doc, actor);
    case 'grid_worker':
      return b.unit === doc.grid;
    case 'community':
      return b.unit === doc.community;
    case 'township':
      return b.unit === doc.township;
    case 'whistle_office':
    case 'leader':
    case 'admin':
      return b.unit === doc.county;
    case 'department':
      // Only through a whistle dispatched to the department that this case is attached to.
      return !!whistle && whistle._id === doc.whistleId && whistle.assignments.some((a) => a.dept === b.unit);
  }
}

function whistleVisibleTo(b: RoleBinding, doc: WhistleDoc): boolean {
  switch (b.role) {
    case 'township':
      return b.unit === doc.township;
    case 'department':
      return doc.assignments.some((a) => a.dept === b.unit);
    case 'whistle_office':
    case 'leader':
    case 'admin':
      return b.unit === doc.county;
    default:
      return false;
  }
}

export function canView<E extends Entity>(entity: E, doc: DocOf<E>, actor: Actor, ctx: { whistle?: WhistleDoc } = {}): boolean {
  return effectiveBindings(actor).some((b) =>
    entity === 'case' ? caseVisibleTo(b, doc as CaseDoc, actor, ctx.whistle) : whistleVisibleTo(b, doc as WhistleDoc),
  );
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** The case as this viewer may see it: anonymous reporters stay anonymous to staff; the phone number is
 *  shown in full only to the reporter and the grid worker handling the case's grid, masked (138****1234)
 *  for other staff; other reporters' identities never leak. */
export function redactCaseFor(doc: CaseDoc, actor: Actor): CaseDoc {
  const own = isCaseReporter(doc, actor);
  const gridWorker = effectiveBindings(actor).some((b) => b.role === 'grid_worker' && b.unit === doc.grid);
  const staff = effectiveBindings(actor).some((b) => STAFF_ROLES.includes(b.role));
  const reporter = { ...doc.reporter };
  if (!own) {
    if (reporter.anonymous || !staff) delete reporter.phone;
    else if (reporter.phone && !gridWorker) reporter.phone = maskPhone(reporter.phone);
    if (reporter.anonymous || !staff) reporter.openid = '';
  }
  // M-6: a merged anonymous reporter stays anonymous to staff too.
  const linkedReporters = doc.linkedReporters.map((r) => (r.openid === actor.openid || (staff && !r.anonymous) ? r : { ...r, openid: '' }));
  return { ...doc, reporter, linkedReporters };
}
