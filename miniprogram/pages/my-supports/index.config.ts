export default definePageConfig({ navigationBarTitleText: '我的附议', enablePullDownRefresh: true })
