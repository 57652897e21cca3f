/**
 * The fan-out workload: R2lab's 37 nodes, seeded with whole monitornodes records, then
 * partial updates that carry the pusher's sequence number and send time. Both change on
 * every push, so every push is news that the server must broadcast.
 */
export const NODE_COUNT = 37;

export function seedRecord(id: number) {
  return {
    id,
    cmc_on_off: 'on',
    control_ping: 'on',
    control_ssh: 'on',
    usrp_on_off: id % 3 ? 'on' : 'off',
    os_release: 'ubuntu-22.04',
    gnuradio_release: '3.10.1.1',
    uname: '6.8.0-45-generic',
    image_radical: 'u22.04-gnuradio',
    docker_version: '27.3.1',
    container_running: 'false',
    container_image: '',
    available: 'ok',
    usrp_type: id % 2 ? 'b210' : 'n210',
    bench_seq: 0,
    bench_t: 0,
  };
}

/** The record the n-th push updates (1-based sequence numbers). */
export const nodeOfPush = (seq: number) => ((seq - 1) % NODE_COUNT) + 1;

/** A partial node record as pushed. */
export interface PushedRecord {
  id: number;
  bench_seq: number;
  /** Wall-clock send time, ms (performance.timeOrigin + performance.now()). */
  bench_t: number;
}

// --- IPC between the orchestrator and its helpers ---

export type PusherRequest =
  | { type: 'seed' }
  | { type: 'run'; rate: number; durationMs: number }
  | { type: 'stop' };

export interface PusherReply {
  firstSeq: number;
  lastSeq: number;
  pushes: number;
  startedAt: number;
  endedAt: number;
  /** Last sequence number pushed per node id (index = id). */
  lastSeqById: number[];
  error?: string;
}

export type ObserverRequest =
  | { type: 'connect'; url: string; count: number }
  | { type: 'seeded' }
  | { type: 'begin'; firstSeq: number }
  | { type: 'await'; lastSeq: number; lastSeqById: number[]; timeoutMs: number }
  | { type: 'close' };

export interface ObserverReply {
  ok?: boolean;
  error?: string;
  /** For `await`: what the observers of this process saw since `begin`. */
  stats?: ObserverStats;
}

export interface ObserverStats {
  observers: number;
  /** Observers that received the step's last push (or a record at least as new). */
  reached: number;
  records: number;
  frames: number;
  /** Records received out of order (a sequence number not above the previous one for its id). */
  outOfOrder: number;
  /** Observers whose final record of some id is not the last one pushed. */
  lost: number;
  firstReceipt: number;
  lastReceipt: number;
  histogram: { counts: number[]; max: number };
}
