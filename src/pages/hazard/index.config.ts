export default definePageConfig({
  navigationBarTitleText: '一键报隐患',
})
