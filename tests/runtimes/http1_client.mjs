// SPDX-License-Identifier: MIT
// A lean HTTP/1.1 client for load generation: one keep-alive socket, one request at a time, the
// body read by its content-length. Node's fetch costs the client several times what a light server
// spends on a request, so on a small machine the client, not the server, sets the pace (on two
// cores the Deno handler used 3.4x the trivial server's CPU a request and still served 92 % of its
// requests/s through fetch). This one costs the client a fraction of that.
import net from 'node:net';

/** A connection to `url`'s host: `post(path, headers, body) -> Promise<status>`, `close()`. */
export function http1Connection(url) {
  const { hostname, port } = new URL(url);
  let socket = null;
  let buffer = Buffer.alloc(0);
  let waiting = null;  // the request in flight: { resolve, reject }

  // Settles the request in flight once its whole response is in the buffer.
  function settle() {
    const end = buffer.indexOf('\r\n\r\n');
    if (!waiting || end < 0) return;
    const head = buffer.toString('latin1', 0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      waiting.reject(new Error(`a response without content-length (this client reads no other): ${head.split('\r\n')[0]}`));
      return;
    }
    const size = end + 4 + Number(length[1]);
    if (buffer.length < size) return;
    buffer = buffer.subarray(size);
    const { resolve } = waiting;
    waiting = null;
    if (/\r\nconnection: *close/i.test(head)) socket.destroy();
    resolve(Number(head.slice(9, 12)));
  }

  function open() {
    socket = net.connect(Number(port), hostname);
    socket.setNoDelay(true);
    buffer = Buffer.alloc(0);
    socket.on('data', (d) => {
      buffer = buffer.length ? Buffer.concat([buffer, d]) : d;
      settle();
    });
    const fail = (e) => {
      socket = null;
      if (waiting) waiting.reject(e ?? new Error('the server closed the connection'));
      waiting = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
  }

  return {
    post(path, headers, body) {
      if (!socket || socket.destroyed) open();
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
        socket.write(`POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n`
          + `content-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);
      });
    },
    close() { socket?.destroy(); },
  };
}
