// SPDX-License-Identifier: MIT
// The edge handler's body deadline (NESTEGG_BODY_TIMEOUT_MS): for each body being read, a promise
// that rejects when its time is up. A timer set and cleared per request cost Deno some 10 µs of
// CPU a request (V8's profile of the handler under bench_edge_overhead). Every body has the same
// timeout, so deadlines fall due in the order the reads started: one queue, and one timer for
// the oldest read still pending, serve them all.
//
// Not on workerd: there a timer belongs to the request that set it (it goes when that request
// ends, and another request's promise is not to be settled from it), so each read keeps a
// timer of its own.

/**
 * @param {number} timeoutMs the time a body may take
 * @param {() => Error} timedOut the rejection of a read past it
 * @param {{perRead?: boolean}} options perRead: a timer per read (workerd)
 * @returns {{start(): {expired: Promise<never>, done(): void}}} start() when a read starts;
 *   done() when it ends, in time or not
 */
export function bodyDeadlines(timeoutMs, timedOut, { perRead = false } = {}) {
  if (perRead) {
    return {
      start() {
        let timer;
        const expired = new Promise((resolve, reject) => { timer = setTimeout(() => reject(timedOut()), timeoutMs); });
        return { expired, done: () => clearTimeout(timer) };
      },
    };
  }
  let queue = [];  // { at, reject } in start order, so in deadline order; reject null once done
  let head = 0;
  let timer = null;

  // The timer for the oldest pending read, or none when nothing is pending.
  function arm() {
    while (head < queue.length && queue[head].reject === null) head++;
    if (head === queue.length) {
      queue = [];
      head = 0;
      timer = null;
      return;
    }
    // Reads that ended are dropped from the front: with one read always pending (a slow client
    // under load) the queue would otherwise keep an entry for every request ever started.
    if (head >= 1024 && head * 2 >= queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    timer = setTimeout(expire, Math.max(0, queue[head].at - Date.now()));
    timer.unref?.();  // a server's socket keeps its process alive; this timer alone must not
  }

  function expire() {
    const now = Date.now();
    for (; head < queue.length && (queue[head].reject === null || queue[head].at <= now); head++) {
      const read = queue[head];
      if (read.reject) read.reject(timedOut());
      read.reject = null;
    }
    arm();
  }

  return {
    start() {
      const read = { at: Date.now() + timeoutMs, reject: null };
      const expired = new Promise((resolve, reject) => { read.reject = reject; });
      queue.push(read);
      if (timer === null) arm();
      return { expired, done: () => { read.reject = null; } };
    },
  };
}
