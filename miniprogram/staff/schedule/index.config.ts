export default definePageConfig({ navigationBarTitleText: '安排协商会' })
