import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noIo = {
  // Type-only imports cost nothing at run time: a workflow names its activities' types, never their code.
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins or I/O here: this code must stay pure and deterministic.' })),
      patterns: [
        { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'fastify', 'fastify/*', '@fastify/*'], message: 'No I/O layers here.', allowTypeImports: true },
        { group: ['../activities', '../activities/*', '../server/*', '../config/*', '../scripts/*', '../worker/*'], message: 'Pure code may not import the edges.', allowTypeImports: true },
      ],
    },
  ],
  'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval', 'require'],
};

export default tseslint.config(
  { ignores: ['node_modules/', '.caseflow/', '.tools/', 'dist/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['machines/**/*.ts'], rules: { ...noIo, 'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The machine never reads the clock: time arrives with each event.' }, { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'The machine never reads the clock: time arrives with each event.' }] } },
  { files: ['workflows/**/*.ts'], rules: noIo },
  // The dashboard's vanilla modules run in the browser; the few globals they use, named rather than a globals package.
  { files: ['server/dashboard/**/*.js'], languageOptions: { globals: Object.fromEntries(['window', 'document', 'location', 'sessionStorage', 'localStorage', 'fetch', 'URLSearchParams', 'FormData', 'Node'].map((g) => [g, 'readonly'])) } },
);
