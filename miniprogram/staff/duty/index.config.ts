export default definePageConfig({ navigationBarTitleText: '值班接待' })
