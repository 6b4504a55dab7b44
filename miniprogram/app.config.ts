export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/room/index',
    'pages/login/index',
    'pages/me/index',
    'pages/rooms/index',
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f8',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '商量',
    navigationBarTextStyle: 'white',
  },
})
