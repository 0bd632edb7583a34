export default definePageConfig({
  navigationBarTitleText: '领导看板',
})
