export default definePageConfig({
  navigationBarTitleText: '交办任务',
  enablePullDownRefresh: true,
})
