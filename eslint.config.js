// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/**
 * The layer fences of docs/architecture in one place. Each floor may import only the floors below it;
 * the faces (main, cli, preload, renderer) reach the rest through core/api.
 */
const uiAndElectron = [
  { group: ['electron', 'electron/*'], message: 'core is pure TypeScript: no Electron here.' },
  {
    group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@lexical/react/*', 'radix-ui', 'react-i18next'],
    message: 'core is pure TypeScript: no React here.',
  },
]
const floor = (name) => [`**/core/${name}`, `**/core/${name}/*`, `../${name}`, `../${name}/*`]
const faces = ['**/main/*', '**/renderer/*', '**/preload/*', '**/cli/*', '../cli', '../cli/*']

/** @param {string[]} forbiddenFloors */
const coreFence = (forbiddenFloors) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...uiAndElectron,
        { group: faces, message: 'core never imports the app faces (main, preload, renderer, cli).' },
        ...forbiddenFloors.map((f) => ({
          group: floor(f),
          message: `This floor of core may not import core/${f} (a floor above it).`,
        })),
      ],
    },
  ],
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'core/cli/bin.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['core/model/**/*.ts'],
    rules: coreFence(['templates', 'store', 'export', 'history', 'package', 'api']),
  },
  {
    files: ['core/templates/**/*.ts', 'core/store/**/*.ts'],
    rules: coreFence(['export', 'history', 'package', 'api']),
  },
  { files: ['core/export/**/*.ts', 'core/history/**/*.ts'], rules: coreFence(['package', 'api']) },
  { files: ['core/package/**/*.ts'], rules: coreFence(['api']) },
  { files: ['core/api/**/*.ts'], rules: coreFence([]) },
  {
    files: ['core/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...uiAndElectron,
            {
              group: ['**/core/store', '**/core/store/*', '../store', '../store/*'],
              message:
                'The CLI goes through core/api like every face (it may build the deps with core/api/deps).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/*', '!**/core/api'],
              message: 'preload sees only the contract types of core/api.',
            },
            {
              group: ['**/core/api/*', '!**/core/api/contract'],
              allowTypeImports: true,
              message: 'preload sees only the contract types of core/api.',
            },
            {
              group: ['react', 'react-dom', '**/renderer/*', '**/main/*'],
              message: 'preload is its own layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'crypto'],
              message: 'The renderer has no Node: ask the main process through the preload API.',
            },
            {
              group: ['electron', 'electron/*'],
              message: 'The renderer talks only through the preload API (window.hecsos).',
            },
            {
              group: [
                '**/core/store',
                '**/core/store/*',
                '**/core/package',
                '**/core/package/*',
                '**/core/history',
                '**/core/history/*',
                '**/core/export',
                '**/core/export/*',
                '**/core/cli',
                '**/core/cli/*',
              ],
              message: 'The renderer imports only core/model, core/templates and the core/api contract.',
            },
            {
              group: ['**/core/api/*', '!**/core/api/contract'],
              message: 'The renderer imports only the core/api contract.',
            },
            {
              group: ['**/main/*', '**/preload/*', '!**/preload/api'],
              message: 'The renderer talks only through the preload API.',
            },
          ],
        },
      ],
    },
  },
  {
    // Config files are the one place default exports are the tools' convention.
    files: ['*.config.ts', '*.config.js', '.ci/summary-reporter.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
