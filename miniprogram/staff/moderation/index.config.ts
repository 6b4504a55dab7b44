export default definePageConfig({ navigationBarTitleText: '评论审核' })
