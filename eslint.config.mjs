// Lint rules: typescript-eslint type-checked, plus the import limits of STYLE.md section 2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_LIMITS = [
  {
    name: 'bullmq',
    message: 'Only main.ts, processor.ts, shared/queue and shared/errors import bullmq.',
  },
  { name: 'express', message: 'Only services/api imports express.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bin/', '**/*.js', '**/*.mjs', 'terraform/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_LIMITS,
          patterns: [
            {
              group: ['**/services/*/**', '../../services/**'],
              message: 'A service never imports another service; move what two need to shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/main.ts', 'services/*/processor.ts', 'shared/queue/**', 'shared/errors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [CORE_LIMITS[1]],
          patterns: [
            { group: ['**/services/*/**'], message: 'A service never imports another service.' },
          ],
        },
      ],
    },
  },
  {
    files: ['services/api/**', 'fake-spotify/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['cli/**', 'test/**', 'e2e/**', '**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-console': 'off' },
  },
  {
    files: ['shared/**'],
    ignores: ['shared/queue/**', 'shared/errors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_LIMITS,
          patterns: [
            {
              group: ['**/services/**', '../services/**', '../../services/**'],
              message: 'shared/ imports nothing from services/.',
            },
          ],
        },
      ],
    },
  },
);
