// Loopback ports that fail the two ways a real server does: refused (it was stopped) and silent (it
// accepts and then says nothing, as a hung server or a black-holing network does).
import net from 'node:net';

const listen = async (server: net.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
};

/** A port a server was on and is no more: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never answers; `close` drops them and the listener. */
export async function silentPort(): Promise<{ port: number; close: () => Promise<unknown> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  const port = await listen(server);
  const close = () => new Promise((resolve) => { sockets.forEach((s) => s.destroy()); server.close(resolve); });
  return { port, close };
}
