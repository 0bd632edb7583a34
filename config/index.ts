import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { dotenvParse } from '@tarojs/helper'
import devConfig from './dev'
import prodConfig from './prod'

const appRoot = path.resolve(__dirname, '..')

/** Pure domain rules shared with the cloud functions; lives outside src/, so Taro must be told to compile it. */
const domainDir = path.join(appRoot, 'domain')

/** NutUI is drawn on a 375 px design, our own pages on 750 px. */
function designWidth(input?: unknown): number {
  const file = (input as { file?: string } | undefined)?.file
  return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
}

const DEFAULT_TWIN_URL = 'http://127.0.0.1:9000'

/**
 * Build-time switches, in this order of precedence:
 * shell environment > .env, .env.local, .env.<mode>, .env.<mode>.local > default per target.
 * TARO_APP_DEV_LOGIN defaults to '0' only for a production weapp build (the real mini-program);
 * development builds and the H5 demo keep the dev sign-in page.
 */
function buildSwitches(mode: string, taroEnv: string | undefined) {
  const fromFiles = dotenvParse(appRoot, 'TARO_APP_', mode)
  const pick = (key: string): string | undefined => process.env[key] ?? fromFiles[key]
  const twinUrl = pick('TARO_APP_TWIN_URL') || DEFAULT_TWIN_URL
  const devLogin = pick('TARO_APP_DEV_LOGIN') ?? (taroEnv === 'weapp' && mode === 'production' ? '0' : '1')
  if (devLogin !== '0' && devLogin !== '1') {
    throw new Error(`TARO_APP_DEV_LOGIN must be '0' or '1', got '${devLogin}'`)
  }
  // WeChat cloud environment id for wx.cloud.init; empty = the default environment.
  const cloudEnv = pick('TARO_APP_CLOUD_ENV') ?? ''
  // Subscribe-message templates, JSON kind → template id (e.g. {"caseUpdate":"abc…"}); '{}' = ask for none.
  const subscribeTemplates = pick('TARO_APP_SUBSCRIBE_TEMPLATES') || '{}'
  const parsed: unknown = JSON.parse(subscribeTemplates)
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw new Error(`TARO_APP_SUBSCRIBE_TEMPLATES must be a JSON object of template ids, got '${subscribeTemplates}'`)
  }
  return { twinUrl, devLogin, cloudEnv, subscribeTemplates }
}

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const taroEnv = process.env.TARO_ENV
  const { twinUrl, devLogin, cloudEnv, subscribeTemplates } = buildSwitches(mode, taroEnv)

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'shaosheng',
    date: '2025-11-23',
    designWidth,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: taroEnv === 'h5' ? 'dist-h5' : 'dist',
    plugins: [],
    // Also applied when Taro evaluates app.config.ts / page configs, so the page list can depend on them.
    defineConstants: {
      'process.env.TARO_APP_TWIN_URL': JSON.stringify(twinUrl),
      'process.env.TARO_APP_DEV_LOGIN': JSON.stringify(devLogin),
      'process.env.TARO_APP_CLOUD_ENV': JSON.stringify(cloudEnv),
      'process.env.TARO_APP_SUBSCRIBE_TEMPLATES': JSON.stringify(subscribeTemplates),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      prebundle: {
        // Prebundled NutUI is one 2.5 MB chunk in watch builds: over WeChat's main-package limit.
        exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'],
      },
    },
    cache: { enable: false },
    mini: {
      optimizeMainPackage: { enable: true },
      compile: { include: [domainDir] },
      // Shared components are imported in different orders by different pages; our styles never rely on
      // stylesheet order (overrides use NutUI's CSS variables or a more specific selector), as in h5 below.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      // The dashboard and hot-spot pages are lazy chunks (Taro splits only initial chunks); without this
      // each carried its own copy of ECharts (≈ 700 KB). One shared async chunk is downloaded once.
      webpackChain(chain) {
        chain.optimization.merge({
          splitChunks: {
            cacheGroups: {
              echarts: { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, chunks: 'async', priority: 50, enforce: true },
            },
          },
        })
      },
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      esnextModules: ['nutui-react'],
      compile: { include: [domainDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
