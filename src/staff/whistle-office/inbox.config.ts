export default definePageConfig({
  navigationBarTitleText: '吹哨办工作台',
  enablePullDownRefresh: true,
})
