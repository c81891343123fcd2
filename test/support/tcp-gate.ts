// A loopback port in front of a real server that can be shut (connections refused, as when a receiver is down)
// and opened again on the same port, so a client configured with one URL sees an outage and a recovery.
import { createServer, connect, type Server, type Socket } from 'node:net';

export async function startTcpGate(targetPort: number) {
  const sockets = new Set<Socket>();
  let listener: Server | undefined;
  let port = 0;

  const open = () =>
    new Promise<void>((resolve, reject) => {
      listener = createServer((inbound) => {
        const outbound = connect(targetPort, '127.0.0.1');
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s)).on('error', () => s.destroy());
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => {
        port = (listener!.address() as { port: number }).port;
        resolve();
      });
    });

  const shut = () =>
    new Promise<void>((resolve) => {
      // Connections in progress are cut too: a receiver that goes down does not finish its answers.
      for (const s of sockets) s.destroy();
      if (!listener) return resolve();
      listener.close(() => resolve());
      listener = undefined;
    });

  await open();
  return { port, url: (path: string) => `http://127.0.0.1:${port}${path}`, open, shut };
}
