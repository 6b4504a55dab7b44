export default definePageConfig({
  navigationBarTitleText: '协商会',
  enablePullDownRefresh: true,
})
