export default definePageConfig({ navigationBarTitleText: '我单位的任务' })
