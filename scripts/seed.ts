// npm run seed [-- --twin http://127.0.0.1:9000 --force]: loads the demo county into a running twin.
import { parseArgs } from 'node:util';
import { seedTwin } from './lib/seed';

const { values } = parseArgs({
  options: { twin: { type: 'string', default: process.env.TWIN_URL ?? 'http://127.0.0.1:9000' }, force: { type: 'boolean', default: false }, county: { type: 'string' } },
});

seedTwin(values.twin!, { force: values.force, countyFile: values.county })
  .then((r) => console.log(r.seeded ? `seeded ${r.people} demo accounts and the county into ${values.twin}` : `already seeded (${r.people} demo accounts); use --force to reload`))
  .catch((err) => {
    console.error(`seed failed: ${err?.message ?? err}`);
    process.exit(1);
  });
