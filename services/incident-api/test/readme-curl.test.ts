/**
 * The README's "Try it with curl" block, run as written (bash + curl + node) against the real
 * service listening on a loopback port: a newcomer's first commands must keep working when the
 * API changes. Only the port differs from `pnpm start`'s.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';

const README = new URL('../../../README.md', import.meta.url);

/** The first ```sh block after the "Try it with curl" heading. */
function curlBlock(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Try it with curl'));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README: no sh block under "Try it with curl"');
  return match[1]!;
}

let t: TestApp;
let origin: string;
beforeAll(async () => {
  // The real date: curl's cookie jar drops a session cookie that expired by the wall clock.
  t = await createTestApp({ passwords: true, now: new Date().toISOString() });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  origin = `http://127.0.0.1:${address.port}`;
});
afterAll(() => t.close());

describe('README curl examples', () => {
  it('report, list the queue, read one incident and act on it, as the README says', async () => {
    const block = curlBlock();
    expect(block).toContain('http://127.0.0.1:3000/api/v1');
    const script = `set -euo pipefail\n${block.replaceAll('http://127.0.0.1:3000', origin)}\necho "README-ID=$ID"`;
    const { stdout } = await promisify(execFile)('bash', ['-c', script], {
      timeout: 60_000,
      maxBuffer: 10 * 1024 * 1024,
    });

    // Every call the README shows answered with what it promises, not a problem document.
    expect(stdout, stdout).not.toMatch(/"type":"\/problems\//);
    const id = Number(/README-ID=(\d+)/.exec(stdout)?.[1]);
    expect(id, stdout).toBeGreaterThan(0);
    expect(stdout).toMatch(/^ETag: "1"/im);
    expect(stdout).toContain('OVMS-778899');

    const detail = await t.api.get(`/api/v1/incidents/${id}`).set(t.auth(AS.desk)).expect(200);
    expect(detail.body).toMatchObject({
      externalRef: 'OVMS-778899',
      status: 'vendor_registered',
      holderGroup: 'vendor',
      impact: 'high',
      scope: 'some',
    });
    expect(detail.body.changeTasks).toEqual([
      expect.objectContaining({ kind: 'sql_script', status: 'requested' }),
    ]);
  });
});
