export default definePageConfig({ navigationBarTitleText: '四步答复' })
