export default definePageConfig({
  navigationBarTitleText: '商量',
  enablePullDownRefresh: true,
})
