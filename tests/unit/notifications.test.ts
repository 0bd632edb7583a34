// Every notification fits WeChat's subscribe-message keyword rules, for both audiences.
import { MESSAGE_KINDS, NOTIFICATION_TEMPLATES, composeMessage, cstMinute } from '../../domain';

const CJK = /^[\u3400-\u9fff]+$/;

test.each(Object.keys(NOTIFICATION_TEMPLATES))('%s fits thing ≤ 20, phrase ≤ 5 Chinese characters, a time', (template) => {
  for (const audience of ['reporter', 'staff'] as const) {
    const m = composeMessage(template, audience, '富民社区3栋楼下消防通道被两辆面包车和一堆水泥沙子堵住了，消防车进不来', new Date('2026-11-23T02:05:00Z'));
    expect(MESSAGE_KINDS).toContain(m.kind);
    expect([...m.data.thing1.value].length).toBeLessThanOrEqual(20);
    expect([...m.data.thing4.value].length).toBeLessThanOrEqual(20);
    expect(m.data.phrase2.value).toMatch(CJK);
    expect([...m.data.phrase2.value].length).toBeLessThanOrEqual(5);
    expect(m.data.time3.value).toBe('2026-11-23 10:05');
  }
});

test('long subjects are clipped with an ellipsis; an escalation is news to the reporter and a task for staff', () => {
  const subject = '一二三四五六七八九十一二三四五六七八九十二十一';
  expect(composeMessage('case_escalated', 'reporter', subject, new Date()).data.thing1.value).toBe('一二三四五六七八九十一二三四五六七八九…');
  expect(composeMessage('case_escalated', 'reporter', subject, new Date()).data.phrase2.value).toBe('已转交');
  expect(composeMessage('case_escalated', 'staff', subject, new Date())).toMatchObject({ kind: 'new_task', data: { phrase2: { value: '待认领' } } });
  expect(cstMinute(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
});
