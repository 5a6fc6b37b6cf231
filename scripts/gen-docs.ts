// Regenerates the README rules table from the registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesTable, TABLE_END, TABLE_START } from './rules-table';

const readme = readFileSync('README.md', 'utf8');
const a = readme.indexOf(TABLE_START);
const b = readme.indexOf(TABLE_END);
if (a < 0 || b < 0) throw new Error('README.md lacks the rules table markers');
writeFileSync('README.md', readme.slice(0, a) + renderRulesTable() + readme.slice(b + TABLE_END.length));
console.log('README rules table updated');
