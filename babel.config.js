// babel-preset-taro compiles the React + TypeScript source for both build targets.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
