/**
 * dependency-cruiser's rules (`npm run lint` runs them after eslint).
 *
 * The layers, bottom to top; a folder imports only from its own floor and the
 * floors below it:
 *
 *   1. database-schema   the documents' zod schemas and the demo seed
 *   2. typings           what crosses the wire (requests, answers, Beijing time)
 *   3. cloudfunctions    the server side        } side by side: neither
 *      miniprogram       what runs on the phone } imports the other
 *   4. lib               the local tools' base: paths, files, flags, HTTP, MIME
 *   5. emulator          the local cloud
 *   6. preview           the browser preview on top of the emulator
 *   7. scripts           the top floor: build, start, deploy, ops, bench
 *
 * Test code may import anything: test/, *.test.ts, test fixtures (fixtures/
 * folders) and the e2e harness (preview/e2e/). Of the floors, only
 * scripts/bench.ts reaches into test/ (it measures through the test cloud and
 * the setData meter); nothing else that ships does.
 *
 * And everywhere: no import circle, and no npm package imported that
 * package.json does not declare.
 */
const TEST = '(^test/|\\.test\\.ts$|/fixtures/|^preview/e2e/)';

/** each floor and the floors it may not import (everything above it) */
const FLOORS = [
  { name: 'database-schema', above: ['typings', 'cloudfunctions', 'miniprogram', 'lib', 'emulator', 'preview', 'scripts'] },
  { name: 'typings', above: ['cloudfunctions', 'miniprogram', 'lib', 'emulator', 'preview', 'scripts'] },
  { name: 'cloudfunctions', above: ['miniprogram', 'lib', 'emulator', 'preview', 'scripts'] },
  { name: 'miniprogram', above: ['cloudfunctions', 'lib', 'emulator', 'preview', 'scripts'] },
  { name: 'lib', above: ['emulator', 'preview', 'scripts'] },
  { name: 'emulator', above: ['preview', 'scripts'] },
  { name: 'preview', above: ['scripts'] },
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: the modules in it cannot be understood, loaded or moved one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-undeclared-deps',
      severity: 'error',
      comment: 'An npm package imported but not in package.json: it is there only because something else brought it.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'unknown', 'undetermined'] },
    },
    {
      name: 'no-dev-deps-in-shipped-code',
      severity: 'error',
      comment: 'The cloud functions and the mini-program ship: they may not import a devDependency.',
      from: { path: '^(cloudfunctions|miniprogram|typings)/', pathNot: TEST },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    ...FLOORS.map(({ name, above }) => ({
      name: `layers-${name}`,
      severity: 'error',
      comment: `${name}/ imports only from its own floor and below (see the order at the top of .dependency-cruiser.cjs).`,
      from: { path: `^${name}/`, pathNot: TEST },
      to: { path: `^(${above.join('|')})/` },
    })),
    {
      name: 'test-code-only-from-tests',
      severity: 'error',
      comment: 'test/ helpers are for tests (and the bench); the product never loads them.',
      from: { pathNot: `${TEST}|^scripts/bench\\.ts$` },
      to: { path: '^test/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    // miniprogram/package.json lists only what the phone packs; the root's declare the rest
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|coverage|miniprogram/miniprogram_npm)/' },
    // package.json "exports" (mingo/util, dayjs/plugin/utc...)
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
