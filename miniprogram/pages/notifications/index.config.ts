export default definePageConfig({ navigationBarTitleText: '通知中心', enablePullDownRefresh: true })
