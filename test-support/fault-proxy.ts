import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** One client connection through the proxy and its upstream twin. */
interface Link {
  readonly client: Socket;
  readonly server: Socket;
}

/** What the proxy does to bytes it forwards. */
type Mode = 'forward' | 'blackhole';

/**
 * A loopback TCP proxy between a test's Strata connection and a database server, for injecting
 * network faults on command. It listens on 127.0.0.1 only, on a free port, and forwards to
 * 127.0.0.1 only. Faults:
 * - `cut()`: closes every proxied connection at once (a crash, a reset);
 * - `blackhole()`: stops forwarding both ways but keeps the sockets open (a frozen server, a
 *   dropped network path); new connections are accepted and silenced too; `restore()` ends it;
 * - `delay(ms)`: forwards every chunk that much later;
 * - `loseReplyAfter(pattern)`: when a client sends a chunk containing `pattern` (e.g. `COMMIT`),
 *   that chunk still reaches the server, but its reply is dropped and the connection is cut as
 *   the reply arrives: the server did the work, the client never hears it;
 * - `refuse()`: closes the listener, so new connections are refused.
 * `close()` ends everything; every test must call it (afterAll).
 */
export class FaultProxy {
  private readonly links = new Set<Link>();
  private mode: Mode = 'forward';
  private delayMs = 0;
  private replyLoss: { pattern: Buffer; armed: boolean } | undefined;
  /** How many replies loseReplyAfter dropped. */
  repliesLost = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: '127.0.0.1'; port: number },
  ) {}

  /** Starts a proxy to 127.0.0.1:`targetPort` on a free loopback port. */
  static async start(targetPort: number): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const proxy = new FaultProxy(server, (server.address() as AddressInfo).port, {
      host: '127.0.0.1',
      port: targetPort,
    });
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** How many client connections are open through the proxy now. */
  get openConnections(): number {
    return this.links.size;
  }

  private accept(client: Socket): void {
    const server = createConnection(this.target);
    const link: Link = { client, server };
    this.links.add(link);
    const drop = (): void => {
      this.links.delete(link);
      client.destroy();
      server.destroy();
    };
    client.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      const loss = this.replyLoss;
      if (loss && !loss.armed && chunk.includes(loss.pattern)) {
        loss.armed = true;
        this.lossLink = link;
      }
      this.forward(server, chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (this.replyLoss?.armed && this.lossLink === link) {
        // The server answered the statement: drop the answer and cut the connection.
        this.replyLoss = undefined;
        this.lossLink = undefined;
        this.repliesLost++;
        drop();
        return;
      }
      this.forward(client, chunk);
    });
  }

  private lossLink: Link | undefined;

  private forward(to: Socket, chunk: Buffer): void {
    if (this.mode === 'blackhole') return;
    if (this.delayMs > 0) {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, this.delayMs);
    } else if (!to.destroyed) {
      to.write(chunk);
    }
  }

  /** Closes every proxied connection now. */
  cut(): void {
    for (const link of [...this.links]) {
      link.client.destroy();
      link.server.destroy();
    }
    this.links.clear();
  }

  /** Stops forwarding in both directions, keeping every socket open. */
  blackhole(): void {
    this.mode = 'blackhole';
  }

  /** Forwards again (after blackhole or delay). */
  restore(): void {
    this.mode = 'forward';
    this.delayMs = 0;
  }

  /** Forwards each chunk `ms` later. */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** The next chunk a client sends that contains `pattern` reaches the server; its reply never returns. */
  loseReplyAfter(pattern: string): void {
    this.replyLoss = { pattern: Buffer.from(pattern), armed: false };
  }

  /** Stops accepting connections (ECONNREFUSED for new ones); open ones are left as they are. */
  refuse(): void {
    this.server.close();
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** `url` (a postgres:// or mysql:// URL to 127.0.0.1) pointed at this proxy instead. */
  url(url: string): string {
    const parsed = new URL(url);
    if (parsed.hostname !== '127.0.0.1') throw new Error(`FaultProxy only proxies 127.0.0.1, not ${parsed.hostname}`);
    parsed.port = String(this.port);
    return parsed.toString();
  }
}
