export default definePageConfig({
  navigationBarTitleText: '部门综合考核',
})
