export default definePageConfig({ navigationBarTitleText: '提级议题', enablePullDownRefresh: true })
