export default definePageConfig({
  navigationBarTitleText: '委员值班',
  enablePullDownRefresh: true,
})
