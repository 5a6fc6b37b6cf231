// The engine as `npm run bench` measures it: `node scripts/build.mjs --production --bench` bundles this file
// with the options of the shipped bundles (minified, no `__name` wrappers) into `.bench/engine.js`.
export { analyze } from '../server/src/analyze';
export { initTerraform } from '../server/src/terraform';
export { nodeHost } from '../server/src/node-host';
