// account: who is calling, and (demo environments only) the demo accounts for the dev sign-in page.
import { api, type DemoAccount } from '../../domain/api';
import { ROLE_LABELS } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { createFunction } from '../../server/handler';
import { loadCounty } from '../../server/county';
import { readAll } from '../../server/db';

export const main = createFunction(
  api.account,
  {
    async whoami(ctx) {
      const { org } = await loadCounty(ctx.db);
      return {
        personId: ctx.actor.personId,
        name: ctx.actor.name,
        bindings: ctx.actor.bindings.map((b) => ({ ...b, roleLabel: ROLE_LABELS[b.role], unitName: org.unitName(b.unit) })),
      };
    },
    async listDemoAccounts(ctx) {
      if (process.env.SHAOSHENG_DEMO_ACCOUNTS !== '1') throw new DomainError('FORBIDDEN_ROLE', '正式环境不提供演示账号');
      const people = await readAll<DemoAccount>(ctx.db.collection('people').where({ demo: true }).limit(1000));
      return people.map(({ openid, name, title, bindings }) => ({ openid, name, title, bindings }));
    },
  },
  {},
  ['listDemoAccounts'],
);
