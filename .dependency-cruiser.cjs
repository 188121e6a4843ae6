/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'platform-imports-no-module', severity: 'error', from: { path: '^src/platform/' }, to: { path: '^src/(modules|views|cli)/|^src/(services|app|server)\\.ts$' } },
    { name: 'shared-views-import-no-module', severity: 'error', from: { path: '^src/views/' }, to: { path: '^src/modules/|^src/(services|app|server)\\.ts$' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
