// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// NutUI and its icons are imported per component (with that component's own CSS),
// never as the whole library stylesheet.
const nutuiPackages = '@nutui/nutui-react-taro/dist/es/packages'

module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
    }],
  ],
  plugins: [
    ['import', {
      libraryName: '@nutui/nutui-react-taro',
      camel2DashComponentName: false,
      customName: (name) => `${nutuiPackages}/${name.toLowerCase()}`,
      // adds `<customName>/style/css`, which imports that component's style.css
      style: 'css',
    }, 'nutui-react-taro'],
    ['import', {
      libraryName: '@nutui/icons-react-taro',
      camel2DashComponentName: false,
      customName: (name) => `@nutui/icons-react-taro/dist/es/icons/${name}`,
      style: false,
    }, 'nutui-icons-react-taro'],
  ],
}
