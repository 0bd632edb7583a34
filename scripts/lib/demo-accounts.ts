// Demo people for every role, derived from the county configuration so any county gets a full cast.
// Used by the seed (development and demo environments only).
export interface DemoPerson {
  openid: string;
  name: string;
  phone: string;
  bindings: { role: string; unit: string }[];
  title: string; // what the dev sign-in page shows under the name
  demo: true;
}

interface CountyLike {
  county: { code: string; name: string; whistleOffice: { code: string; name: string } };
  departments: { code: string; shortName: string }[];
  townships: { code: string; name: string; communities: { code: string; name: string; grids: { code: string; name: string }[] }[] }[];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '文斌', '春梅', '国平', '晓东', '玉兰', '红霞', '德明', '桂芳', '立新', '小军', '淑珍'];

function nameFor(i: number): string {
  return SURNAMES[(i * 7) % SURNAMES.length] + GIVEN[(i * 5) % GIVEN.length];
}

function phoneFor(i: number): string {
  return `139${String(10000000 + i * 7919).slice(-8)}`;
}

export function buildDemoAccounts(c: CountyLike): DemoPerson[] {
  const people: DemoPerson[] = [];
  const add = (openid: string, title: string, bindings: { role: string; unit: string }[]) => {
    const i = people.length;
    people.push({ openid, name: nameFor(i), phone: phoneFor(i), bindings, title, demo: true });
  };
  add('demo-resident', '居民', [{ role: 'resident', unit: '' }]);
  add('demo-resident-2', '居民', [{ role: 'resident', unit: '' }]);
  add('demo-rider', '外卖骑手', [{ role: 'rider', unit: '' }]);
  for (const t of c.townships) {
    for (const cm of t.communities) {
      for (const g of cm.grids) add(`demo-grid-${g.code}`, `网格员 · ${g.name}`, [{ role: 'grid_worker', unit: g.code }]);
      add(`demo-community-${cm.code}`, `${cm.name}党群服务中心`, [{ role: 'community', unit: cm.code }]);
    }
    add(`demo-township-${t.code}`, `${t.name}党建办`, [{ role: 'township', unit: t.code }]);
  }
  const partyCommunity = c.townships[0]?.communities[0];
  if (partyCommunity) add('demo-party-member', `下沉党员 · ${partyCommunity.name}`, [{ role: 'party_member', unit: partyCommunity.code }]);
  add('demo-whistle-office', c.county.whistleOffice.name, [{ role: 'whistle_office', unit: c.county.code }]);
  for (const d of c.departments) add(`demo-dept-${d.code}`, `${d.shortName}承办人`, [{ role: 'department', unit: d.code }]);
  add('demo-leader', `${c.county.name}领导（考核）`, [{ role: 'leader', unit: c.county.code }]);
  add('demo-admin', '系统管理员', [
    { role: 'admin', unit: c.county.code },
    { role: 'whistle_office', unit: c.county.code },
  ]);
  return people;
}
