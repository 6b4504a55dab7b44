export default definePageConfig({
  navigationBarTitleText: '我的协商会',
  enablePullDownRefresh: true,
})
