/**
 * The child side of a bench server process: tell the parent which port we listen on, and close
 * cleanly when it asks (SIGTERM) or goes away (IPC disconnect), so no server outlives the bench.
 */
import type { FastifyInstance } from 'fastify';

/** The service's per-person rate limit during the bench: far above anything it can serve. */
export const BENCH_RATE_LIMIT_PER_MINUTE = 100_000_000;

export interface ServerReady {
  port: number;
}

export async function listenAndAnnounce(
  app: FastifyInstance,
  onClose: () => Promise<void> = async () => {},
) {
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    app
      .close()
      .then(onClose)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.once('disconnect', close);

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const ready: ServerReady = { port: address.port };
  process.send?.(ready);
}
