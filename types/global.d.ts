/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'

/** Service origin for the mini program, inlined at build time by config/index.ts ('' on H5 = same origin). */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    /** Inlined by Taro at build time; decides what ends up in the bundle. */
    NODE_ENV?: 'development' | 'production' | 'test'
    /** The platform being built. */
    TARO_ENV?: 'weapp' | 'h5'
    /** Build-time override of API_BASE for the mini program (e.g. a LAN address for a real phone). */
    TARO_APP_API_BASE?: string
  }
}
