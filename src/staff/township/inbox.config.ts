export default definePageConfig({
  navigationBarTitleText: '街乡工作台',
  enablePullDownRefresh: true,
})
