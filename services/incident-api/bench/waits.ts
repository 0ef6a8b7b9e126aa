/**
 * What the database's backends are doing while a target is under load: pg_stat_activity sampled
 * every 50 ms (active backends of the target's own server, told apart by application_name, which
 * each server process gets from PGAPPNAME), tallied by wait event. A backend "on CPU" has no wait
 * event.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** A process's command name and CPU time so far (user + system), in seconds, from its stat line. */
function procStat(pid: number | string): { command: string; seconds: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone, or not Linux
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    // utime and stime, fields 14 and 15 of proc(5), in clock ticks (USER_HZ, 100 on Linux).
    seconds: (Number(fields[11]) + Number(fields[12])) / 100,
  };
}

/** CPU time (user + system) of a process so far, in seconds; undefined off Linux. */
const cpuSeconds = (pid: number) => procStat(pid)?.seconds;

/** CPU time so far of each PostgreSQL process (backends, WAL writer, checkpointer…), in seconds. */
function postgresCpuSeconds(): Map<string, number> | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const seconds = new Map<string, number>();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat?.command === 'postgres') seconds.set(pid, stat.seconds);
  }
  return seconds;
}

/**
 * CPU the PostgreSQL processes used between two readings: per process, so that a backend that
 * ended meanwhile (an idle pooled connection closing) does not take its past with it.
 */
function postgresCpuBetween(before: Map<string, number> | undefined) {
  const after = postgresCpuSeconds();
  if (!before || !after) return 0;
  let used = 0;
  for (const [pid, seconds] of after) used += seconds - (before.get(pid) ?? 0);
  return used;
}

export interface WaitProfile {
  samples: number;
  /** Mean number of active backends per sample. */
  meanActive: number;
  /** Share of backend-samples per wait (`CPU` when none), largest first. */
  waits: { wait: string; share: number }[];
  /** CPU the server process used, in cores (1 = one core busy all the time). */
  serverCores: number | undefined;
  /**
   * CPU every PostgreSQL process of the machine used, in cores: the target's backends and the
   * server's own processes (the bench's sampling queries included, a few per second).
   */
  postgresCores: number | undefined;
}

export class WaitSampler {
  private readonly tallies = new Map<string, Map<string, number>>();
  private readonly samples = new Map<string, number>();
  private readonly cpu = new Map<string, { cpu: number; postgres: number; wall: number }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly database: string,
  ) {}

  /**
   * Samples the backends of `applicationName` while `round` runs, under `label`, and the CPU
   * time of the server process `pid`.
   */
  async during<T>(
    label: string,
    applicationName: string,
    pid: number | undefined,
    round: () => Promise<T>,
  ): Promise<T> {
    let running = true;
    const cpuBefore = pid === undefined ? undefined : cpuSeconds(pid);
    const postgresBefore = postgresCpuSeconds();
    const wallBefore = performance.now();
    const tally = this.tallies.get(label) ?? new Map<string, number>();
    this.tallies.set(label, tally);
    const loop = (async () => {
      while (running) {
        const { rows } = await this.pool.query<{ wait: string; n: string }>(
          `select coalesce(wait_event_type || ':' || wait_event, 'CPU') as wait, count(*) as n
             from pg_stat_activity
            where datname = $1 and application_name = $2 and state = 'active'
            group by 1`,
          [this.database, applicationName],
        );
        for (const r of rows) tally.set(r.wait, (tally.get(r.wait) ?? 0) + Number(r.n));
        this.samples.set(label, (this.samples.get(label) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      return await round();
    } finally {
      running = false;
      await loop;
      const cpuAfter = pid === undefined ? undefined : cpuSeconds(pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        const seen = this.cpu.get(label) ?? { cpu: 0, postgres: 0, wall: 0 };
        seen.cpu += cpuAfter - cpuBefore;
        seen.postgres += postgresCpuBetween(postgresBefore);
        seen.wall += (performance.now() - wallBefore) / 1000;
        this.cpu.set(label, seen);
      }
    }
  }

  profile(label: string): WaitProfile {
    const tally = this.tallies.get(label) ?? new Map<string, number>();
    const samples = this.samples.get(label) ?? 0;
    const total = [...tally.values()].reduce((s, n) => s + n, 0);
    const cpu = this.cpu.get(label);
    return {
      serverCores: cpu && cpu.wall > 0 ? cpu.cpu / cpu.wall : undefined,
      postgresCores: cpu && cpu.wall > 0 ? cpu.postgres / cpu.wall : undefined,
      samples,
      meanActive: samples === 0 ? 0 : total / samples,
      waits: [...tally]
        .map(([wait, n]) => ({ wait, share: total === 0 ? 0 : n / total }))
        .sort((a, b) => b.share - a.share),
    };
  }
}
