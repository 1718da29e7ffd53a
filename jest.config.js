/**
 * Test tiers by file suffix: *.spec.ts pure (no Nest, no database), *.int-spec.ts stores and projections
 * (PGlite and the local PostgreSQL), test/e2e/*.e2e-spec.ts over HTTP against a running app, test/browser/*.browser-spec.ts
 * the web registry in a real browser.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  },
];

const moduleNameMapper = { '^@registry/([^/]+)$': '<rootDir>/libs/$1/src', '^@registry/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2' };

// Embedded stores in these tiers start from one initdb image made per run (test/support/pglite-image.js).
const pgliteImage = ['<rootDir>/test/support/pglite-image.setup.js'];
const containers = {
  globalSetup: '<rootDir>/test/support/containers.global-setup.js',
  globalTeardown: '<rootDir>/test/support/containers.global-teardown.js',
  setupFiles: pgliteImage,
};

const tier = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  rootDir: __dirname,
  // NestJS 12, jose and a few others ship ES modules only: SWC turns them into CommonJS for jest's runtime.
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|jose|@as-integrations|nestjs-pino|canonicalize|@digitalbazaar|base64url-universal|ky|@peculiar/utils)/)',
  ],
  moduleNameMapper,
  testEnvironment: 'node',
  ...extra,
});

module.exports = {
  // Global only (not per project): stores and apps take seconds to boot on 2 cores, more when both are busy.
  testTimeout: 120_000,
  // jest's default is one worker fewer than the cores: one, on CI's two. Most suites wait on PGlite or an HTTP
  // round trip as much as they compute, so two workers finish the suite much sooner (measured in the README).
  maxWorkers: 2,
  projects: [
    tier('unit', ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts']),
    // Where a container runtime answers, PostgreSQL and KurrentDB come from testcontainers (test/support/containers.global-setup.js);
    // otherwise the local PostgreSQL, and the KurrentDB suite is skipped unless KURRENTDB_URL names a server.
    tier('integration', ['<rootDir>/{apps,libs}/**/*.int-spec.ts'], containers),
    tier('e2e', ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], containers),
    // The web registry in Debian's Chromium (playwright-core); its global setup builds apps/web into dist/web first.
    tier('browser', ['<rootDir>/test/browser/**/*.browser-spec.ts'], {
      globalSetup: '<rootDir>/test/browser/support/global-setup.js',
      globalTeardown: '<rootDir>/test/support/containers.global-teardown.js',
      setupFiles: pgliteImage,
    }),
  ],
};
