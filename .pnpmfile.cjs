// pnpm hooks for fpml.
//
// Native dependencies (better-sqlite3, and tfjs-node via scripts/setup-native-tf.mjs) are built
// with node-gyp. node-gyp downloads Node's headers unless it is told where they are, and since
// pnpm 11 lifecycle scripts no longer see npm's `nodedir` config. Where Node's own headers are on
// disk (the node prefix's include/node), point node-gyp at them so the build works offline;
// elsewhere node-gyp keeps its normal behaviour (downloading the headers).
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

function localNodeDir() {
  const candidates = [process.env.npm_config_nodedir, dirname(dirname(process.execPath))].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'include', 'node', 'node_api.h')));
}

module.exports = {
  hooks: {
    updateConfig(config) {
      const nodedir = localNodeDir();
      if (!nodedir) return config;
      return { ...config, extraEnv: { ...config.extraEnv, npm_config_nodedir: nodedir, npm_package_config_node_gyp_nodedir: nodedir } };
    },
  },
};
