/** esbuild options: tsconfig.json's target and module. */
const ESBUILD = { target: 'es2022', platform: 'node', supported: { 'dynamic-import': false } };

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Each run gets its own temp folder and fails if a test leaves anything in it.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/temp-per-file.ts'],
  // One worker per core: the main process only hands out files (jest's default leaves a core to it).
  maxWorkers: '100%',
  // A worker that grew past this after a test file is replaced, so memory does not pile up across files.
  workerIdleMemoryLimit: '450MB',
  // esbuild, which also bundles the command line (scripts/build.js), strips the types (tsc --noEmit checks them)
  // and compiles to CommonJS with the live `import * as` bindings TypeScript gives, so a spy on a module object
  // reaches the code under test; on a clean clone it transforms the files in a fraction of ts-jest's time.
  // `import()` becomes `require()`, as TypeScript's CommonJS output has it (jest runs no native ES modules).
  // @marcbachmann/cel-js ships only ES modules: compiled to CommonJS the same way.
  transform: {
    '^.+\\.tsx?$': ['esbuild-jest-transform', ESBUILD],
    '/node_modules/@marcbachmann/cel-js/.+\\.js$': ['esbuild-jest-transform', ESBUILD],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
