/**
 * Transport for the stub: one gdb connection over a byte stream pair (a TCP socket, or
 * stdin/stdout for `target remote | seltrace gdb --stdio`). Acknowledgements, no-ack mode,
 * retransmission on `-`, Ctrl-C while a continue runs, and packets handled strictly in order.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { PacketReader, frame } from './protocol.js';
import { GdbStub } from './stub.js';
import { Searcher } from './search.js';
import type { RecordingTarget } from './target.js';

export type ConnectionEnd = 'detached' | 'killed' | 'disconnected';

/** Serve one client until it detaches, kills, or closes the stream. */
export function serveConnection(t: RecordingTarget, input: Readable, output: Writable, searcher?: Searcher): Promise<ConnectionEnd> {
  // Every client starts at the beginning of the recording, as if the program had just started.
  t.seekCycle(0);
  const stub = new GdbStub(t, searcher);
  const reader = new PacketReader();
  let noAck = false;
  let lastSent = '';
  let busy = false;
  let done: ConnectionEnd | null = null;
  const queue: string[] = [];

  return new Promise((resolve) => {
    const finish = (how: ConnectionEnd): void => {
      if (done !== null) return;
      done = how;
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('close', onEnd);
      input.off('error', onEnd);
      resolve(how);
    };
    const send = (p: string): void => {
      lastSent = frame(p);
      if (output.writable) output.write(lastSent);
    };
    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      while (queue.length > 0 && done === null) {
        const r = await stub.handle(queue.shift()!);
        if (done !== null) break;
        for (const p of r.packets) send(p);
        if (r.after === 'no-ack') noAck = true;
        if (r.after === 'close') finish(r.packets.length === 0 ? 'killed' : 'detached');
      }
      busy = false;
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      for (const ev of reader.push(bytes)) {
        switch (ev.kind) {
          case 'packet':
            if (!noAck) output.write('+');
            queue.push(ev.data);
            break;
          case 'bad-checksum':
            if (!noAck) output.write('-');
            break;
          case 'nack':
            if (!noAck && lastSent !== '') output.write(lastSent);
            break;
          case 'interrupt':
            // Only meaningful while a continue runs; a stopped target has nothing to interrupt.
            if (busy) stub.interrupt();
            break;
          case 'ack':
            break;
        }
      }
      void pump();
    };
    const onEnd = (): void => finish('disconnected');
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('close', onEnd);
    input.on('error', onEnd);
  });
}

/**
 * Listen on 127.0.0.1:`port` and serve clients one at a time, forever (a second client is
 * turned away while one is connected). Resolves with the server once it listens.
 */
export function listen(t: RecordingTarget, port: number, log: (line: string) => void): Promise<{ server: Server; shutdown: () => void }> {
  const searcher = new Searcher(t);
  let active: Socket | null = null;
  const server = createServer((sock) => {
    if (active !== null) { sock.end(); return; }
    active = sock;
    sock.setNoDelay(true);
    log(`gdb connected from ${sock.remoteAddress ?? '?'}:${sock.remotePort ?? '?'}`);
    void serveConnection(t, sock, sock, searcher).then((how) => {
      log(`gdb ${how}; waiting for the next connection`);
      sock.end();
      active = null;
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({ server, shutdown: () => { server.close(); active?.destroy(); } });
    });
  });
}
