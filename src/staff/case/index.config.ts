export default definePageConfig({
  navigationBarTitleText: '案件处理',
  enablePullDownRefresh: true,
})
