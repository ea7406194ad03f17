import eslint from '@eslint/js';
import eslintComments from '@eslint-community/eslint-plugin-eslint-comments';
import tseslint from 'typescript-eslint';

/**
 * The layers of docs/ARCHITECTURE.md, lowest first: a folder of src/ imports only folders listed before it
 * (src/cli.ts and src/main.ts, at the top, import any). `also` forbids more than the order does.
 */
const LAYERS = [
  { folder: 'shared' },
  { folder: 'model' },
  { folder: 'oc-process' },
  { folder: 'validation' },
  { folder: 'plan' },
  { folder: 'imports' },
  // Constructs take props named as the OpenShift API names things, not the plan or the catalog.
  { folder: 'constructs', also: ['model', 'plan', 'validation'] },
  { folder: 'charts' },
  { folder: 'policy', also: ['charts'] },
  { folder: 'output' },
  { folder: 'forecast' },
  { folder: 'pipeline' },
  { folder: 'diff' },
  // A tool beside the stages, at the top so that no stage imports it: the catalog reference (JSON
  // Schemas, docs/CATALOG.md), derived from the model.
  { folder: 'reference' },
  // The command line's grammar, help and terminal output; only src/cli.ts uses it.
  { folder: 'command-line' },
];

function layerRules({ folder, also = [] }, index) {
  const below = LAYERS.slice(0, index)
    .map((l) => l.folder)
    .filter((f) => !also.includes(f));
  const forbidden = [...LAYERS.slice(index + 1).map((l) => l.folder), ...also];
  const allowed = below.length > 0 ? below.join(', ') : 'nothing else in src/';
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((other) => ({
            group: [`../${other}`, `../${other}/*`, `**/src/${other}`, `**/src/${other}/*`],
            message: `layers: src/${folder} must not import src/${other}; it may import ${allowed} (docs/ARCHITECTURE.md, Layers).`,
          })),
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdk8s.out/', 'coverage/', 'src/imports/', 'lib/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@eslint-community/eslint-comments': eslintComments },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Prettier wraps code at 150 columns; this catches what it leaves long (strings, comments, regular
      // expressions, URLs): no line of source passes 150, and no comment may switch the rule off.
      'max-len': ['error', { code: 150, tabWidth: 2 }],
      '@eslint-community/eslint-comments/no-restricted-disable': ['error', 'max-len'],
    },
  },
  {
    // Type-aware rules: every TypeScript file is in tsconfig.json.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  ...LAYERS.slice(0, -1).map(layerRules),
  {
    // Plain Node scripts (CommonJS).
    files: ['scripts/**/*.js', 'jest.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Expected messages are indented; their spaces are the point.
    files: ['test/**/*.ts'],
    rules: { 'no-regex-spaces': 'off' },
  },
);
