export default definePageConfig({ navigationBarTitleText: '发布协商成果' })
