export default definePageConfig({ navigationBarTitleText: '待答复', enablePullDownRefresh: true })
