import { DomainError, ERROR_CATALOGUE, createOrg, creationEvent, isDomainError, timelineFromEvents, type AuditEventDraft } from '../../domain';
import { A, act, county, freshCase } from './fixtures';

const org = createOrg(county);

function caseHistory(): AuditEventDraft[] {
  const c0 = freshCase({ matterType: 'garbage_pile' });
  const events = [creationEvent('case', c0, { personId: A.reporter.personId, role: 'resident', unit: '' })];
  let c = c0;
  const step = (action: string, actor: typeof A.reporter, input: unknown = {}) => {
    const r = act('case', c, action, actor, input);
    events.push(r.event);
    c = r.next;
  };
  step('reclassify', A.gridWorker, { matterType: 'public_toilet', comment: '实为公厕问题' });
  step('escalate', A.gridWorker, { reason: '网格员无法协调物业，内部备注' });
  step('claim', A.community);
  step('resolve', A.community, { result: '已协调物业清理', photos: ['cloud://after.jpg'] });
  step('rate', A.reporter, { score: '基本满意', comment: '希望保持' });
  return events;
}

describe('timelineFromEvents', () => {
  test('staff see every step by role and unit, with reasons', () => {
    const items = timelineFromEvents(caseHistory(), { audience: 'staff', org });
    expect(items.map((i) => i.label)).toEqual(['登记诉求', '调整事项类型', '上报上级', '认领', '办结', '群众评价']);
    expect(items[1].actorLabel).toBe('富民社区第六网格 · 网格员');
    expect(items[2].text).toContain('内部备注');
    expect(items[3].actorLabel).toBe('富民社区 · 村(社区)工作人员');
    expect(items[4]).toMatchObject({ text: '已协调物业清理', photos: ['cloud://after.jpg'], state: 'resolved', stateLabel: '已办结待评价' });
    expect(items[5]).toMatchObject({ actorLabel: '群众', text: '基本满意：希望保持', state: 'closed' });
  });

  test('the public sees progress without internal comments or staff identities', () => {
    const items = timelineFromEvents(caseHistory(), { audience: 'public', org });
    expect(items.map((i) => i.label)).toEqual(['诉求已提交', '已转交上级处理', '已受理', '已办结', '已评价']);
    expect(items[1].text).toBe('由村(社区)处理');
    expect(JSON.stringify(items)).not.toContain('内部备注');
    expect(JSON.stringify(items)).not.toContain('实为公厕问题');
    expect(items[2].actorLabel).toBe('富民社区');
  });

  test('never shows names, openids or phone numbers', () => {
    const json = JSON.stringify(timelineFromEvents(caseHistory(), { audience: 'staff', org }));
    expect(json).not.toContain('13800000000');
    expect(json).not.toContain('o-reporter');
    expect(json).not.toContain('测试');
  });

  test('without an org units fall back to role labels; events are ordered by time', () => {
    const events = caseHistory().reverse();
    const items = timelineFromEvents(events, { audience: 'staff' });
    expect(items[0].action).toBe('create');
    expect(items[3].actorLabel).toBe('村(社区)工作人员');
  });

  test('system actions are attributed to 系统', () => {
    const e: AuditEventDraft = {
      entity: 'case',
      entityId: 'c1',
      action: 'auto_rate',
      actor: { personId: 'system', role: 'system', unit: '' },
      at: '2026-03-10T00:00:00.000Z',
      before: { state: 'resolved', version: 5 },
      after: { state: 'closed', version: 6 },
      data: {},
    };
    expect(timelineFromEvents([e], { audience: 'public' })[0]).toMatchObject({ actorLabel: '系统', label: '超期未评价，系统自动结案' });
  });
});

describe('DomainError', () => {
  test('stable codes, Chinese messages, rule ids, JSON form', () => {
    const e = new DomainError('STALE_VERSION');
    expect(e.message).toBe('已被他人处理，请刷新后重试');
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    const b = new DomainError('WHISTLE_BOUNDARY', '该事项属于基本履职事项，不吹哨（M-3）', { rule: 'M-3' });
    expect(JSON.parse(JSON.stringify(b))).toEqual({ code: 'WHISTLE_BOUNDARY', message: '该事项属于基本履职事项，不吹哨（M-3）', rule: 'M-3' });
    for (const message of Object.values(ERROR_CATALOGUE)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
