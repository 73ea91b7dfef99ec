// Bundles the provider executable (provider/main.ts and everything it imports, node_modules
// included) into the one file dist/provider/main.js, over what tsc wrote there. Terraform starts
// the provider about three times per plan or apply, and a Node process loading one file reaches
// its handshake about a quarter sooner than one resolving and loading some 400 modules (measured
// in docs/architecture.md). The rest of dist/ stays as tsc wrote it, for the library's users.
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
esbuild.buildSync({
  entryPoints: [path.join(root, 'provider', 'main.ts')],
  outfile: path.join(root, 'dist', 'provider', 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  allowOverwrite: true,
  logLevel: 'warning',
  legalComments: 'linked',
  tsconfig: path.join(root, 'tsconfig.build.json'),
});
