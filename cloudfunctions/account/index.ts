// account: who is calling, and (demo environments only) the demo accounts for the dev sign-in page.
import { api, type DemoAccount } from '../../domain/api';
import { ROLE_LABELS } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { createFunction } from '../../server/handler';
import { loadCounty } from '../../server/county';
import { countOf, readAll, readPage } from '../../server/db';
import { MESSAGES, type MessageDoc } from '../../server/notify';

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
    async messages(ctx, input) {
      const mine = ctx.db.collection(MESSAGES).where({ openid: ctx.openid });
      const page = await readPage<MessageDoc & { _id: string }>(mine.orderBy('at', 'desc'), input.cursor, input.limit);
      const unread = await countOf(ctx.db.collection(MESSAGES).where({ openid: ctx.openid, read: false }));
      return {
        items: page.rows.map((m) => ({ id: m._id, title: m.title, subject: m.subject, page: m.page, at: m.at, read: m.read })),
        nextCursor: page.nextCursor,
        unread,
      };
    },
    async markRead(ctx, input) {
      // Only the caller's own messages: the openid condition is part of the update's filter.
      const res = (await ctx.db
        .collection(MESSAGES)
        .where({ _id: ctx.db.command.in(input.ids), openid: ctx.openid })
        .update({ data: { read: true } })) as unknown as { stats: { updated: number } };
      return { updated: res.stats.updated };
    },
  },
  {},
  ['listDemoAccounts'],
);
