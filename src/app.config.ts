const devLoginEnabled = process.env.TARO_APP_DEV_LOGIN === '1'

const residentPages = [
  'pages/index/index',
  'pages/report/index',
  'pages/hazard/index',
  'pages/messages/index',
  'pages/my-cases/index',
  'pages/case/index',
]

/** Staff workbenches: one subpackage per role, so a resident never downloads them. */
const staffRoles = ['grid', 'community', 'township', 'whistle-office', 'department'] as const

const STAFF_CASE_PACKAGE = 'staff-case'
const STAFF_WHISTLE_PACKAGE = 'staff-whistle'
/** Inboxes that list whistles (keep in sync with routes.ts whistleRoleOfInbox). */
const whistleRoles: readonly string[] = ['township', 'whistle-office', 'department']

export default defineAppConfig({
  pages: devLoginEnabled ? [...residentPages, 'pages/dev-login/index'] : residentPages,
  subPackages: [
    // The grid package also holds 走访登记 (visit registration, M-9), opened from the grid inbox.
    ...staffRoles.map((role) => ({ root: `staff/${role}`, name: `staff-${role}`, pages: role === 'grid' ? ['inbox', 'visit'] : ['inbox'] })),
    { root: 'staff/leader', name: 'staff-leader', pages: ['index'] },
    { root: 'staff/case', name: STAFF_CASE_PACKAGE, pages: ['index'] },
    { root: 'staff/whistle', name: STAFF_WHISTLE_PACKAGE, pages: ['index'] },
    // The 吹哨办's QR places (codes and posters), opened from its inbox header.
    { root: 'staff/places', name: 'staff-places', pages: ['index'] },
    // The 吹哨办's imports of 12345 / 人民建议征集 hand-over files (M-4), opened from its inbox header.
    { root: 'staff/imports', name: 'staff-imports', pages: ['index'] },
    // Departments' composite assessment (M-23, M-25), opened from the leader page and the 吹哨办's inbox.
    { root: 'staff/assessment', name: 'staff-assessment', pages: ['index'] },
    // Dashboards (M-28) and 一类事 (M-29) with their ECharts build, opened from the leader page and the 吹哨办's inbox.
    { root: 'staff/dashboard', name: 'staff-dashboard', pages: ['index', 'hotspots'] },
    // 挂牌督办 and 三个必督 (M-24): the 吹哨办's board (leaders read), respondents' list (?mine=1).
    { root: 'staff/supervision', name: 'staff-supervision', pages: ['index'] },
  ],
  // Every staff inbox leads to the shared case page, and the whistle inboxes to the whistle page: fetch
  // them while the inbox is open. A case leads to its whistle and a whistle to its cases.
  preloadRule: {
    ...Object.fromEntries(
      [...staffRoles.map((role) => `staff/${role}/inbox`), 'staff/leader/index'].map((page) => [
        page,
        {
          network: 'all' as const,
          packages: whistleRoles.some((role) => page === `staff/${role}/inbox`) ? [STAFF_CASE_PACKAGE, STAFF_WHISTLE_PACKAGE] : [STAFF_CASE_PACKAGE],
        },
      ]),
    ),
    'staff/case/index': { network: 'all' as const, packages: [STAFF_WHISTLE_PACKAGE] },
    'staff/whistle/index': { network: 'all' as const, packages: [STAFF_CASE_PACKAGE] },
  },
  lazyCodeLoading: 'requiredComponents',
  // Voice input on the report form (src/utils/voice/voice-weapp.ts): WeChat's 同声传译 plugin. The
  // mini-program must also add it in the admin console (设置 → 第三方设置 → 插件管理).
  plugins: { WechatSI: { version: '0.3.6', provider: 'wx069ba97219f66d99' } },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': {
      desc: '用于确定您反映问题的位置，以便转给负责该区域的网格员处理',
    },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '哨声',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
})
