/** The layout rules of DESIGN.md, checked in `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'feature-through-index',
      comment: 'A feature imports another feature only through its index.ts.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/', pathNot: '^src/features/[^/]+/domain/' },
      to: { path: '^src/features/([^/]+)/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.ts$'] },
    },
    {
      name: 'index-exports-no-tables',
      comment:
        "A feature's index.ts offers query functions and types, never its Drizzle tables: it does not import its own " +
        'schema.ts (types it re-exports live in domain/ or beside the queries). ADR 12.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/index\\.ts$' },
      to: { path: '^src/features/$1/schema\\.ts$' },
    },
    {
      name: 'domain-through-domain',
      comment:
        "A feature's pure domain/ may use another feature's domain/ (its types and rules, as evidence links are " +
        "the curriculum's and progress is computed from them), and nothing else of it.",
      severity: 'error',
      from: { path: '^src/features/([^/]+)/domain/' },
      to: { path: '^src/features/([^/]+)/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/domain/'] },
    },
    {
      name: 'pure-domain',
      comment: 'domain/ is pure: no platform, no database, no HTTP, no file system or network.',
      severity: 'error',
      from: { path: '/domain/' },
      to: {
        path: [
          '^src/platform/',
          'node_modules/(drizzle-orm|fastify|@fastify|pg|@electric-sql)/',
          '^(fs|node:fs|net|node:net|http|node:http)$',
        ],
      },
    },
    {
      name: 'platform-knows-no-feature',
      comment: 'platform/ is cross-cutting mechanism and imports no feature.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'client-is-browser-code',
      comment: 'client/ imports no server code except pure domain modules.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/(platform|features/[^/]+/(?!domain/))', pathNot: '^src/client/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'shared/ holds pure helpers any layer may use (domain/ included): no platform, no feature, no IO.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: {
        path: [
          '^src/platform/',
          '^src/features/',
          'node_modules/(drizzle-orm|fastify|@fastify|pg|@electric-sql)/',
          '^(fs|node:fs|net|node:net|http|node:http)$',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests, and the fixtures only tests use, may set up rows in any feature's tables.
    exclude: { path: '(\\.test|/test-support)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
