// Component tests (jsdom, Taro H5 runtime, NutUI). Picked up as a project by the root jest.config.js.
// Fixes for @tarojs/test-utils-react 0.1.1 on Taro 4: see /work/shared/notes/stack-facts.md.
const path = require('path')
const defineJestConfig = require('@tarojs/test-utils-react/dist/jest.js').default

const rootDir = path.resolve(__dirname, '../..')
const presetTransformer = require.resolve('@tarojs/test-utils-react/dist/jest/babel-transformer.js')
const presetSetup = require.resolve('@tarojs/test-utils-react/dist/jest/jest.setup.js')

// bail/verbose are global-only options (jest warns about them in a project config).
const { bail, verbose, ...config } = defineJestConfig({
  displayName: 'components',
  rootDir,
  testMatch: ['<rootDir>/tests/components/**/*.test.tsx'],
  setupFiles: [presetSetup, path.join(__dirname, 'setup.js')],
  // The preset's [] makes jest transform itself and crash; NutUI, Taro and swiper (.mjs) still need babel.
  transformIgnorePatterns: ['/node_modules/(jest-[^/]+|@jest|babel-jest|@babel|core-js[^/]*)/'],
  transform: {
    '^.+\\.(mjs|js|jsx|ts|tsx)$': presetTransformer,
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json', 'jsx'],
  moduleNameMapper: {
    '\\.(css|scss|sass|less)$': path.join(__dirname, 'style-stub.js'),
  },
  collectCoverageFrom: ['<rootDir>/src/components/**/*.tsx'],
})

module.exports = config
