import type { UserConfigExport } from '@tarojs/cli'

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // The dev server maps request URLs through publicPath: the build's relative './' left every script
    // unmatched (index.html was served instead). Builds keep './' so dist-h5 works from any folder.
    publicPath: '/',
    // npm start's H5_PORT (scripts/start.ts prints the same URL).
    devServer: { port: Number(process.env.H5_PORT) || 10086 },
  },
} satisfies UserConfigExport<'webpack5'>
