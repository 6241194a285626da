import { createServer } from "node:net";

/**
 * Finds a TCP port that is free right now on `host` by listening on port 0 and closing again.
 * Another process may take the port before the caller binds it; the server starters retry
 * with a new port when that happens.
 *
 * @param host interface to probe; defaults to `"127.0.0.1"`.
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`[test-services] could not read the port of a probe listener on ${host}`));
        return;
      }
      server.close((error) => (error ? reject(error) : resolve(address.port)));
    });
  });
}

/**
 * Runs `start` on the probed port; when the server reports the port taken (another process
 * bound it between our probe and the server's bind), probes a new one through `movePort` and
 * tries again, up to three times. A port the caller asked for is never changed.
 */
export async function startOnFreePort(
  start: () => Promise<void>,
  options: { readonly requested: number | undefined; readonly log: () => string },
  movePort: (port: number) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      return;
    } catch (error) {
      const portTaken = /Address already in use/.test(options.log());
      if (options.requested !== undefined || attempt >= 3 || !portTaken) throw error;
      movePort(await findFreePort());
    }
  }
}
