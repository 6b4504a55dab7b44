export default definePageConfig({ navigationBarTitleText: '提出问题' })
