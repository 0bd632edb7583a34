// Cases from imported rows and visit registrations: the same record as a mini-program report
// (newCase, M-4), landing at the level `locate` decided (M-8) and carrying its source id.
import { computeDeadline, type WorkCalendar } from '../calendar';
import type { CountyConfig } from '../county';
import { DomainError } from '../errors';
import { newCase } from '../transitions';
import type { ActorRef, CaseDoc, CaseSource, Channel } from '../types';
import type { ImportRow, Location } from './import';

export interface ImportedCaseArgs {
  id: string;
  no: string;
  channel: Channel;
  row: ImportRow;
  location: Location;
  matterType?: string;
  batchId: string;
  by: ActorRef;
  now: Date;
  county: CountyConfig;
  calendar: WorkCalendar;
}

/** Any grid of the unit, only to satisfy newCase's grid → path lookup before the level is lifted. */
function someGrid(county: CountyConfig, location: Location): string {
  const township = county.townships.find((t) => t.code === location.township);
  const community = township?.communities.find((c) => c.code === location.community) ?? township?.communities[0];
  const grid = community?.grids[0]?.code;
  if (!grid) throw new DomainError('NOT_FOUND', '该街道（乡镇）下没有网格，无法受理', { rule: 'M-1' });
  return grid;
}

export function importedCase(args: ImportedCaseArgs): CaseDoc {
  const { row, location, now, county, calendar } = args;
  const place: CaseDoc['place'] = row.address || row.lat !== undefined ? {} : null;
  if (place && row.address) place.address = row.address;
  if (place && row.lat !== undefined && row.lng !== undefined) Object.assign(place, { lat: row.lat, lng: row.lng });
  const doc = newCase({
    id: args.id,
    no: args.no,
    input: {
      text: row.text,
      grid: location.level === 'grid' ? location.grid : someGrid(county, location),
      ...(place ? { place } : {}),
      ...(args.matterType ? { matterType: args.matterType } : {}),
      photos: [],
      channel: args.channel,
      anonymous: false,
      // The caller of a hand-over is not a mini-program user: no openid; the phone is kept for staff only.
      reporter: { openid: '', ...(row.phone ? { phone: row.phone } : {}) },
    },
    now,
    county,
    calendar,
  });
  if (location.level !== 'grid') {
    // M-8 / M-11: the case waits for a claim at the level it was handed to (see locate()).
    doc.level = location.level;
    doc.state = `${location.level}_pending`;
    doc.grid = '';
    if (location.level === 'township') doc.community = '';
    doc.deadlines.claimDue = computeDeadline('claim', now, { county, calendar, level: location.level }).toISOString();
  }
  const source: CaseSource = { channel: args.channel, sourceId: row.sourceId, batchId: args.batchId, by: args.by, at: now.toISOString() };
  if (row.reportedAt) source.reportedAt = row.reportedAt;
  doc.sources = [source];
  return doc;
}
