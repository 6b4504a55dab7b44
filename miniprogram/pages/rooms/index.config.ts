export default definePageConfig({
  navigationBarTitleText: '协商议事室',
  enablePullDownRefresh: true,
})
