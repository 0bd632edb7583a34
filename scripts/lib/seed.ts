// Loads the demo county and the demo accounts into a running twin through the real SDK.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { personIdFor } from '../../server/person-id';
import { countOf } from '../../server/db';
import { ROLE_BINDINGS, bindingRow } from '../../server/role-bindings';
import { buildDemoAccounts } from './demo-accounts';
import { connectSdk } from './sdk-client';

export const COUNTY_FILE = join(__dirname, '..', '..', 'data', 'county.json');

export interface SeedResult {
  seeded: boolean;
  people: number;
}

/** Seeds when the store is empty (or always with force). Safe to run twice. */
export async function seedTwin(twinUrl: string, opts: { force?: boolean; countyFile?: string } = {}): Promise<SeedResult> {
  const cloud = connectSdk(twinUrl);
  const db = cloud.database();
  const existing = await countOf(db.collection('people').where({ demo: true }));
  if (existing > 0 && !opts.force) return { seeded: false, people: existing };

  const county = JSON.parse(readFileSync(opts.countyFile ?? COUNTY_FILE, 'utf8'));
  delete county.about;
  await db.collection('config').doc('county').set({ data: { value: county, version: 1, updatedAt: db.serverDate() } });
  const people = buildDemoAccounts(county);
  for (const person of people) {
    const personId = personIdFor(person.openid);
    await db.collection("people").doc(personId).set({ data: { ...person, createdAt: db.serverDate() } });
    for (const b of person.bindings) {
      const { _id, ...row } = bindingRow(personId, b);
      await db.collection(ROLE_BINDINGS).doc(_id).set({ data: row });
    }
  }
  return { seeded: true, people: people.length };
}
