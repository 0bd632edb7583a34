export default definePageConfig({
  navigationBarTitleText: '二维码点位',
  enablePullDownRefresh: true,
})
