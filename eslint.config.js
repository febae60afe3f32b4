import js from '@eslint/js'
import simpleImportSort from 'eslint-plugin-simple-import-sort'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'manifest.json', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // Preact's classic JSX runtime: `h` and `Fragment` are used by the compiled JSX.
    files: ['**/*.tsx'],
    languageOptions: { parserOptions: { jsxPragma: 'h', jsxFragmentName: 'Fragment' } }
  },
  {
    // The engine runs in the gateway, the CLI, the UI's live preview and its Worker: plain JavaScript on
    // typed arrays, with no Node or DOM API and nothing imported but itself and the shared protocol.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./protocol/)',
              message: 'The Studio engine imports only its own modules and src/protocol.'
            }
          ]
        }
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'global', 'window', 'document', 'self', 'navigator'].map(
          (name) => ({
            name,
            message: 'The Studio engine runs in Node and in the browser: no Node or DOM API.'
          })
        )
      ]
    }
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } }
  }
)
