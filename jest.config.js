// Jest projects split by runtime: node (service, shared, embedded DB), jsdom (mini program), e2e (real browser).
const tsNode = ['ts-jest', { tsconfig: 'tsconfig.json' }]
const tsWeb = ['ts-jest', { tsconfig: 'tsconfig.miniprogram.json' }]
// content-disposition 3 and cookie 2 (pulled in by @fastify/static and light-my-request) ship ESM only,
// which jest's CommonJS runtime cannot require; transpile just those two.
const esmOnly = ['content-disposition', 'cookie']
const nodeTransform = {
  transform: {
    '^.+\\.tsx?$': tsNode,
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: [
      'babel-jest',
      { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
}

const { existsSync } = require('node:fs')

// SKIP_E2E=1 on a machine without Chromium leaves the browser suites out of the run entirely (CI never
// sets it); otherwise a missing Chromium fails them with the install command.
const skipBrowser = process.env.SKIP_E2E === '1' && !existsSync('/usr/bin/chromium')
const BROWSER_SUITES = [
  '<rootDir>/test/e2e/home.e2e.ts',
  '<rootDir>/test/e2e/demo-login-and-room.e2e.ts',
  '<rootDir>/test/e2e/consultation-story.e2e.ts',
]

/** @type {import('jest').Config} */
module.exports = {
  // Service tests start an embedded DB and a Fastify app; on a busy 2-core machine one build() can
  // take several seconds, so jest's 5 s default reports load as failure. Timeouts only catch hangs.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/miniprogram/',
        '<rootDir>/test/e2e/',
      ],
      ...nodeTransform,
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/miniprogram'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': tsWeb },
      moduleNameMapper: {
        '^@tarojs/components$': '<rootDir>/test/__mocks__/tarojs-components.tsx',
        '^@tarojs/taro$': '<rootDir>/test/__mocks__/tarojs-taro.ts',
        '\\.(css|scss|less)$': '<rootDir>/test/__mocks__/style.ts',
        '^@/(.*)$': '<rootDir>/miniprogram/$1',
        '^@shared/(.*)$': '<rootDir>/shared/$1',
      },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...(skipBrowser ? BROWSER_SUITES : [])],
      ...nodeTransform,
    },
  ],
}
