// `npm run gen:schemas`: writes the per-rule properties of `keyscope.rules` into package.json and the schema of
// `.keyscope.json` into schemas/, from the rule registry and the settings contract (scripts/settings-schema.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_SCHEMA_PATH, configSchema, jsonText, manifestWithRules } from './settings-schema';

const pkg = manifestWithRules(JSON.parse(readFileSync('package.json', 'utf8')));
writeFileSync('package.json', jsonText(pkg));
writeFileSync(CONFIG_SCHEMA_PATH, jsonText(configSchema(pkg)));
console.log(`package.json (keyscope.rules) and ${CONFIG_SCHEMA_PATH} written`);
