export default definePageConfig({
  navigationBarTitleText: '一类事',
  enablePullDownRefresh: true,
})
