// Order matters: @tarojs/taro first (import cycle otherwise), then React's H5 native-component
// config (else hooks like useLoad fail with "React.useContext is not a function").
require('@tarojs/taro')
const React = require('react')
const ReactDOM = require('react-dom')
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime')

createH5NativeComponentConfig(null, React, ReactDOM)
globalThis.React = React

// @tarojs/test-utils-react 0.1.1 still calls react-dom/test-utils' act, which React 18.3 flags as
// deprecated on every mount. Drop only that warning; everything else still reaches the console.
const consoleError = console.error
console.error = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('`ReactDOMTestUtils.act` is deprecated')) return
  consoleError(...args)
}
