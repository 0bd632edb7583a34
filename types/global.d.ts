/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'
declare module '*.sass'

declare namespace NodeJS {
  interface ProcessEnv {
    // All optional: this interface is global, and Node-side code (twin/, scripts/) builds env objects too.
    /** Influences the build output. */
    NODE_ENV?: 'development' | 'production' | 'test'
    /** Platform of the current build. */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /** Mini-program appid for the build (replaces project.config.json's appid in dist/). */
    TARO_APP_ID?: string
    /** H5 only: base URL of the local CloudBase twin's HTTP gateway (default http://127.0.0.1:9000). */
    TARO_APP_TWIN_URL?: string
    /** '1' when the dev sign-in page is built and reachable (dev and H5 demo builds), '0' in the production weapp. */
    TARO_APP_DEV_LOGIN?: '0' | '1'
    /** weapp: WeChat cloud environment id for wx.cloud.init ('' = the default environment). */
    TARO_APP_CLOUD_ENV?: string
    /** weapp: subscribe-message templates as JSON, kind → template id ('{}' = none requested). */
    TARO_APP_SUBSCRIBE_TEMPLATES?: string
  }
}
