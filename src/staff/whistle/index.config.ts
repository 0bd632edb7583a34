export default definePageConfig({
  navigationBarTitleText: '哨单',
  enablePullDownRefresh: true,
})
