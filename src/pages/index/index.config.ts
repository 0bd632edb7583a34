export default definePageConfig({
  navigationBarTitleText: '哨声',
})
