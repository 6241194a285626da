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
