// ESLint 9 flat config. Lint is an error gate (HOUSE_STYLE rule 38): every rule here is 'error'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layeringPlugin } from './scripts/eslint-layering-rule.mjs';

/** Instrumented libraries: optional peers, received from the hook, so only `import type` (rule 5). */
const INSTRUMENTED_LIBRARIES = ['openai', '@anthropic-ai/sdk', 'llamaindex', 'ai'];
const INSTRUMENTED_PATTERNS = ['openai/*', '@anthropic-ai/sdk/*', '@langchain/*', 'llamaindex/*', 'ai/*'];
const TYPE_ONLY_MESSAGE = 'Instrumented libraries are optional peers: use `import type` only (HOUSE_STYLE rule 5).';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/node_modules/**',
      'test/.tmp/**',
      'test/node22/.tmp/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        // Node 20 globals used by src, tests and scripts (no `globals` package needed).
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        clearImmediate: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        globalThis: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        ReadableStream: 'readonly',
        performance: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      // Walking a linked structure from `this` (Context.getValue) is legitimate; arrow functions
      // already remove the `const self = this` closure case this rule exists for.
      '@typescript-eslint/no-this-alias': 'off',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  // Type-aware rules, TypeScript files only (scripts/*.mjs are not in a tsconfig project).
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test registers describe/it/test; their returned promises are tracked by the runner.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/consistent-type-exports': 'error',
    },
  },
  // The package source: public-surface discipline, naming, layering, no runtime peer imports.
  {
    files: ['src/**/*.ts'],
    plugins: { noveum: layeringPlugin },
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'No `export *`: export names explicitly (HOUSE_STYLE rule 23).' },
        { selector: 'ExportDefaultDeclaration', message: 'No default exports (HOUSE_STYLE rule 23).' },
        {
          selector: 'PropertyDefinition > PrivateIdentifier, MethodDefinition > PrivateIdentifier',
          message:
            'Use `private _name`, not `#name`: our objects must survive being wrapped in a Proxy (HOUSE_STYLE rule 20).',
        },
      ],
      '@typescript-eslint/naming-convention': [
        'error',
        { selector: 'memberLike', modifiers: ['private'], format: null, leadingUnderscore: 'require' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: INSTRUMENTED_LIBRARIES.map((name) => ({ name, allowTypeImports: true, message: TYPE_ONLY_MESSAGE })),
          patterns: [{ group: INSTRUMENTED_PATTERNS, allowTypeImports: true, message: TYPE_ONLY_MESSAGE }],
        },
      ],
      'noveum/layering': 'error',
    },
  },
  // Only the diag logger writes to the console inside src/.
  {
    files: ['src/diag/**', 'scripts/**', 'bench/**', 'examples/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  // Fake servers and benchmarks handle arbitrary JSON from clients; `any` there is not a surface risk.
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // CommonJS scripts and fixtures.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  }
);
