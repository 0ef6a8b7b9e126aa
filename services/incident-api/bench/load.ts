/**
 * Load with autocannon, run programmatically. Latencies are taken from autocannon's per-response
 * event (hrtime, sub-millisecond) and pooled over the rounds of a target, so a percentile covers
 * every measured request of that target; the result's own histogram rounds to whole ms.
 *
 * At a fixed rate the load is this module's own: autocannon's `overallRate` sends each
 * connection's share of a second back to back at the start of the second (bursts that queue
 * like saturation), so arrivals are spaced evenly here instead.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

export interface Target {
  /** What the table shows. */
  label: string;
  baseUrl: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** A fresh body per request (POST). */
  body?: () => string;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /**
   * Requests per second, evenly spaced, over at most `connections` kept-alive connections: a
   * fixed arrival rate instead of as fast as the server answers ({@link fireAtRate}). Unset:
   * saturation (autocannon).
   */
  rate?: number | undefined;
}

export interface Round {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

export interface Summary {
  label: string;
  rounds: Round[];
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One run against one target: at saturation with autocannon, or at `options.rate`. */
export function fire(target: Target, options: LoadOptions): Promise<Round> {
  return options.rate
    ? fireAtRate(target, { ...options, rate: options.rate })
    : saturate(target, options);
}

/**
 * Requests sent at evenly spaced instants (an open model: a slow answer does not delay the next
 * send). Latency counts from the instant a request was due, so a request that had to wait for a
 * free connection, or for this process, is charged its wait (no coordinated omission).
 */
export async function fireAtRate(
  target: Target,
  options: LoadOptions & { rate: number },
): Promise<Round> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(target.path, target.baseUrl);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const body = target.body?.();
    sent.push(
      new Promise<void>((resolve) => {
        const request = http.request(
          url,
          {
            method: target.method,
            agent,
            headers: {
              ...target.headers,
              ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => {
              latencies.push(performance.now() - due);
              const status = response.statusCode ?? 0;
              if (status >= 200 && status < 300) ok++;
              else non2xx++;
              resolve();
            });
          },
        );
        request.on('error', () => {
          errors++;
          resolve();
        });
        request.end(body);
      }),
    );
  }
  await Promise.all(sent);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { ok, non2xx, errors, seconds, latencies };
}

/** One autocannon run against one target, as fast as it answers. */
function saturate(target: Target, options: LoadOptions): Promise<Round> {
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.baseUrl,
        connections: options.connections,
        pipelining: 1,
        duration: options.seconds,
        requests: [
          {
            method: target.method,
            path: target.path,
            headers: target.headers,
            ...(target.body
              ? { setupRequest: (request) => ({ ...request, body: target.body!() }) }
              : {}),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        resolve({ ok, non2xx, errors: result.errors, seconds: result.duration, latencies });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) ok++;
      else non2xx++;
    });
  });
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export function summarise(label: string, rounds: Round[]): Summary {
  const all = Float64Array.from(rounds.flatMap((r) => r.latencies)).sort();
  const ok = rounds.reduce((s, r) => s + r.ok, 0);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  return {
    label,
    rounds,
    requestsPerSecond: ok / seconds,
    ok,
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    p50: percentile(all, 50),
    p90: percentile(all, 90),
    p99: percentile(all, 99),
    max: all.length === 0 ? NaN : all[all.length - 1]!,
  };
}

export interface Comparison {
  name: string;
  service: Summary;
  floor: Summary;
}

/**
 * Service and floor side by side: a warm-up of each, then rounds in alternating order (floor
 * first, then service first…) so that a slow patch of a shared machine hits both.
 */
export async function compare(
  name: string,
  service: Target,
  floor: Target,
  options: LoadOptions & { rounds: number; warmupSeconds: number },
  log: (line: string) => void,
  /** Called around each measured round (not the warm-ups), e.g. to sample the database. */
  around?: <T>(which: 'service' | 'floor', round: () => Promise<T>) => Promise<T>,
): Promise<Comparison> {
  const warm = {
    connections: options.connections,
    seconds: options.warmupSeconds,
    rate: options.rate,
  };
  await fire(floor, warm);
  await fire(service, warm);
  const rounds = { service: [] as Round[], floor: [] as Round[] };
  for (let r = 0; r < options.rounds; r++) {
    const order = r % 2 === 0 ? (['floor', 'service'] as const) : (['service', 'floor'] as const);
    for (const which of order) {
      const run = () => fire(which === 'service' ? service : floor, options);
      const round = await (around ? around(which, run) : run());
      rounds[which].push(round);
      const s = summarise('', [round]);
      log(
        `  ${name} round ${r + 1} ${which.padEnd(7)} ${s.requestsPerSecond.toFixed(0).padStart(6)} req/s` +
          `  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms` +
          (s.non2xx + s.errors > 0 ? `  non-2xx ${s.non2xx} errors ${s.errors}` : ''),
      );
    }
  }
  return {
    name,
    service: summarise(service.label, rounds.service),
    floor: summarise(floor.label, rounds.floor),
  };
}
