// Who is calling: OPENID (from the platform only) → person with role bindings.
import type { Actor } from '../domain/roles';
import type { Database } from './sdk';
import { personIdFor } from './person-id';
import { readOne } from './db';

interface PersonDoc {
  _id: string;
  openid: string;
  name: string;
  phone?: string;
  bindings: Actor['bindings'];
}

export async function loadActor(db: Database, openid: string, now: Date): Promise<Actor> {
  const id = personIdFor(openid);
  let person = await readOne<PersonDoc>(db.collection('people'), id);
  if (!person) {
    // Anyone who opens the mini-program is a resident; staff roles are granted by an administrator.
    person = { _id: id, openid, name: '', bindings: [{ role: 'resident', unit: '' }] };
    await db.collection('people').doc(id).set({ data: { openid, name: '', bindings: person.bindings, createdAt: now } });
  }
  return { personId: person._id, openid: person.openid, name: person.name, bindings: person.bindings };
}
