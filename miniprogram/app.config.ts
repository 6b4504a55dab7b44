// Main package: everything a resident touches. Staff screens live in the `staff` subpackage, which
// WeChat downloads only when a staff member opens it, so residents never pay for them.
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/room/index',
    'pages/login/index',
    'pages/me/index',
    'pages/rooms/index',
    'pages/raise/index',
    'pages/topic/index',
    'pages/meeting/index',
    'pages/my-topics/index',
    'pages/my-supports/index',
    'pages/notifications/index',
    'pages/settings/index',
  ],
  subPackages: [
    {
      root: 'staff',
      name: 'staff',
      pages: [
        'workbench/index',
        'queue/index',
        'reply/index',
        'moderation/index',
        'escalations/index',
        'schedule/index',
        'minutes/index',
        'outcome/index',
        'duty/index',
        'meetings/index',
        'supervision/index',
        'tasks/index',
        'task/index',
      ],
    },
  ],
  // WeChat refuses privacy-scoped APIs that app.json does not declare (raise page: pick the place).
  requiredPrivateInfos: ['chooseLocation'],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f8',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '商量',
    navigationBarTextStyle: 'white',
  },
})
