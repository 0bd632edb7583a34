export default definePageConfig({
  navigationBarTitleText: '导入工单',
})
