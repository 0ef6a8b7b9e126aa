/** Writes the OpenAPI document (as `/openapi.json` serves it) to a file, for linting and clients. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

const out = process.argv[2] ?? 'dist/openapi.json';
const database = await openDatabase({ dataDir: 'memory://' });
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'warn' }), database });
await app.ready();
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await database.close();
console.log(`OpenAPI document written to ${out}`);
