export default definePageConfig({ navigationBarTitleText: '我的议题', enablePullDownRefresh: true })
