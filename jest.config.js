/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Each run gets its own temp folder and fails if a test leaves anything in it.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/temp-per-file.ts'],
  // A worker that grew past this after a test file is replaced, so memory does not pile up across files.
  workerIdleMemoryLimit: '600MB',
  transform: {
    '^.+\\.tsx?$': 'ts-jest',
    // @marcbachmann/cel-js ships only ES modules; compile it to CommonJS for jest.
    '/node_modules/@marcbachmann/cel-js/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
