// One jest run, several projects: node-side tests (domain, twin, functions) and component tests.
const fs = require('fs');
const path = require('path');

const nodeTransform = [
  'babel-jest',
  {
    configFile: false,
    babelrc: false,
    presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
  },
];

const projects = [
  {
    displayName: 'node',
    testEnvironment: 'node',
    rootDir: __dirname,
    testMatch: ['<rootDir>/tests/{unit,twin,functions,cli}/**/*.test.ts'],
    transform: { '^.+\\.[cm]?[tj]s$': nodeTransform },
    transformIgnorePatterns: ['/node_modules/(?!(chinese-days)/)'],
  },
];
const componentConfig = path.join(__dirname, 'tests/components/jest.config.js');
if (fs.existsSync(componentConfig)) projects.push(componentConfig);

module.exports = { projects, testTimeout: 30000 };
