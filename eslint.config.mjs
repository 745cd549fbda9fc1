// ESLint (flat config), run by `npm test` before jest. typescript-eslint's type-aware recommended
// rules everywhere, plus what Temporal's TypeScript samples add for workflow code: no floating
// promises (a forgotten await on an activity or a timer is a silent bug), and no Node built-in or I/O
// module imported into workflows/ (the workflow sandbox is deterministic; side effects are activities).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Modules a workflow must never import: every Node built-in, and the clients that reach the network or disk. */
const workflowForbidden = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  '@prisma/client', '@prisma/adapter-pg', 'pg', 'nodemailer', 'pino', 'express',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tantou/**', 'coverage/**', 'deploy/**', 'web/dist/**', 'test-results/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.mjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `declare global { namespace Express { … } }` is how Express's Request type is extended
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // activities and poll probes are async by contract (Temporal and eventually() take a promise)
      // whether or not their body awaits anything
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // supertest's res.body is `any` by design; the tests check its shape with expect()
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // tests take activities out of their factory, as the worker registers them: called unbound
      '@typescript-eslint/unbound-method': 'off',
      // fixtures cast plain interfaces (Deadline…) to Prisma's JSON input with `as object`, which tsc
      // needs (no index signature) and this rule's looser assignability check calls unnecessary
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // type-only imports are erased before the bundle is built, so they may name anything
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: workflowForbidden.map((name) => ({ name, allowTypeImports: true, message: 'workflow code runs in the deterministic sandbox: do I/O in an activity' })),
        patterns: [{ group: ['**/activities', '**/activities/*'], allowTypeImports: true, message: 'workflows reach activities through proxyActivities, never by import' }],
      }],
    },
  },
  // the console (web/, its own tsconfig): React's rules of hooks, and the React Compiler's checks that come with them
  { files: ['web/**/*.{ts,tsx,mts}'], ...reactHooks.configs.flat.recommended },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
);
