// ESLint (flat config): typescript-eslint's recommended rules, and the layer boundaries of sql/
// (docs/architecture.md) as no-restricted-imports patterns, one block per folder.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const IGNORED = ['node_modules/', 'dist/', 'cdktf.out/', 'coverage/', 'reports/', '.stryker-tmp/', '.clickhouse/', 'bench/results/', 'test/.generated/'];

/** Node modules that do I/O: only sql/live and the edges (constructs, cli, server, bench, scripts, test) use them. */
const NODE_IO = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'tls', 'dgram'].flatMap((m) => [m, `node:${m}`]);

/** Packages that talk to a server or to Terraform. */
const CLIENTS_AND_CDKTF = ['@clickhouse/client', 'cdktf', 'constructs'];

const SQL_FOLDERS = ['spec', 'render', 'diff', 'live', 'codegen', 'report'];

/**
 * The rule for files in sql/<folder>/: no import from the sql folders not in `allowed` (relative
 * '../<folder>'), none from outside sql/ ('../../...'), none of the packages in `packages`.
 */
function boundary(folder, allowed, packages) {
  const forbidden = SQL_FOLDERS.filter((f) => f !== folder && !allowed.includes(f));
  const layer = allowed.length ? `sql/${folder} may import sql/${[folder, ...allowed].join(', sql/')} only` : `sql/${folder} imports nothing outside itself`;
  return {
    files: [`sql/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: packages.map((name) => ({
            name,
            message:
              CLIENTS_AND_CDKTF.includes(name) && name !== '@clickhouse/client'
                ? `${layer}: ${name} belongs to constructs/ (cdktf stays at the edge). See docs/architecture.md.`
                : `${layer}: ${name} belongs to sql/live or the edges (constructs, cli, server, bench, scripts, test). See docs/architecture.md.`,
          })),
          patterns: [
            ...(forbidden.length ? [{ regex: `^\\.\\./(${forbidden.join('|')})(/|$)`, message: `${layer}. See docs/architecture.md.` }] : []),
            {
              regex: '^(\\.\\./){2,}',
              message: `${layer}: code outside sql/ (constructs, cli, stacks, ...) is an edge that imports sql, not the other way round.`,
            },
            { group: ['@cdktf/*'], message: `${layer}: cdktf belongs to constructs/.` },
          ],
        },
      ],
    },
  };
}

export default defineConfig([
  { ignores: IGNORED },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value left out on purpose (destructuring to drop a field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Pure layers: no I/O, no client, no cdktf; each imports only the layers below it.
  boundary('spec', [], [...NODE_IO, ...CLIENTS_AND_CDKTF]),
  boundary('render', ['spec'], [...NODE_IO, ...CLIENTS_AND_CDKTF]),
  boundary('diff', ['spec', 'render'], [...NODE_IO, ...CLIENTS_AND_CDKTF]),
  boundary('codegen', ['spec'], [...NODE_IO, ...CLIENTS_AND_CDKTF]),
  boundary('report', ['spec'], [...NODE_IO, ...CLIENTS_AND_CDKTF]),
  // The I/O layer: queries and connections, never cdktf.
  boundary('live', ['spec', 'render', 'diff'], ['cdktf', 'constructs']),
  // The Terraform provider is an edge of its own: it uses sql/ (live included) but never cdktf,
  // which is the constructs' business (the provider also serves plain HCL users).
  {
    files: ['provider/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['cdktf', 'constructs'].map((name) => ({
            name,
            message: 'provider/ serves Terraform itself (HCL users too): cdktf belongs to constructs/. See docs/architecture.md.',
          })),
          patterns: [
            {
              regex: '^(\\.\\./)+(constructs|cli|stacks|bench)(/|$)',
              message: 'provider/ may import sql/ only (constructs, cli and stacks import the provider, not the other way round).',
            },
            { group: ['@cdktf/*'], message: 'cdktf belongs to constructs/.' },
          ],
        },
      ],
    },
  },
]);
