import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runColdStart } from './cold-start.ts';
import { runLeases } from './leases.ts';
import { fmtMs, fmtRate, fmtRatio, table } from './lib/table.ts';
import { runListDevices } from './list-devices.ts';
import { runFanout } from './sidecar/fanout.ts';

/**
 * `npm run bench [-- --quick] [-- --only fanout,list,cold,leases]`: the four benchmarks of Rig, each
 * against a baseline measured in the same run, then a summary with PASS/FAIL per target.
 * Needs a build (dist/); scripts/bench.sh makes one.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'fanout,list,cold,leases' },
    observers: { type: 'string', default: '100' },
    'observer-procs': { type: 'string', default: '2' },
    'step-ms': { type: 'string' },
    'fixed-ms': { type: 'string' },
    rates: { type: 'string' },
    'list-ms': { type: 'string' },
    connections: { type: 'string', default: '4' },
    'cold-runs': { type: 'string' },
    'lease-clients': { type: 'string', default: '16' },
    'lease-ms': { type: 'string' },
    json: { type: 'string' },
    'rig-cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    [
      'Usage: npm run bench -- [options]',
      '  --quick               shorter steps and fewer runs (about a minute)',
      '  --only LIST           fanout,list,cold,leases (default: all four)',
      '  --observers N         sidecar observers (100)',
      '  --observer-procs N    processes the observers are spread over (2)',
      '  --step-ms MS          duration of each ramp step (3000; quick 1500)',
      '  --fixed-ms MS         duration of the 500 pushes/s run (10000; quick 4000)',
      '  --rates R,R,…         push rates of the ramp',
      '  --list-ms MS          measuring time per route of the list benchmark (6000; quick 2000)',
      '  --connections N       keep-alive connections of the list benchmark (4)',
      '  --cold-runs N         cold starts of each kind (7; quick 3)',
      '  --lease-clients N     concurrent booking clients of the leases benchmark (16)',
      '  --lease-ms MS         booking time, and reading time of its baseline (8000; quick 3000)',
      '  --json FILE           also write the raw results as JSON',
      '  --rig-cpu-prof DIR    profile Rig during the fan-out (node --cpu-prof, one file per run)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const quick = values.quick;
const num = (value: string | undefined, normal: number, fast: number) =>
  value === undefined ? (quick ? fast : normal) : Number(value);
const only = new Set(values.only.split(',').map((s) => s.trim()));
const log = (line: string) => process.stdout.write(`${line}\n`);
const rows: string[][] = [];
const results: Record<string, unknown> = {};
let failed = 0;
const verdict = (pass: boolean) => {
  if (!pass) failed++;
  return pass ? 'PASS' : 'FAIL';
};

log(`Rig benchmarks: ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores`);

if (only.has('fanout')) {
  const options = {
    observers: Number(values.observers),
    observerProcesses: Number(values['observer-procs']),
    stepMs: num(values['step-ms'], 3000, 1500),
    fixedRate: 500,
    fixedMs: num(values['fixed-ms'], 10_000, 4000),
    rates: values.rates
      ? values.rates.split(',').map(Number)
      : quick
        ? [1000, 2000, 4000, 8000, 12000]
        : [1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000, 12000, 16000],
    rigNodeArgs: values['rig-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['rig-cpu-prof']}`] : [],
    log,
  };
  log(`\n(a) sidecar fan-out: 1 pusher, ${options.observers} observers`);
  const bare = await runFanout('bare', options);
  const rig = await runFanout('rig', options);
  results.fanout = { options: { ...options, log: undefined }, bare, rig };
  const satRatio = rig.saturation.deliveredPerSec / bare.saturation.deliveredPerSec;
  // Every pushed change must reach every observer, in order, ending on the last push. Past
  // saturation Rig coalesces what an observer that fell behind is owed (its slow-consumer
  // policy: bounded memory); it may skip intermediate records then, never the last one.
  const problems = (r: typeof rig, saturated: boolean) => {
    const steps = [r.fixed, ...r.ramp].filter((s) => s.keptUp < 0.9 === saturated);
    const total = (f: (s: (typeof steps)[number]) => number) => steps.reduce((n, s) => n + f(s), 0);
    const missed = total((s) => s.expected - s.records);
    const lost = total((s) => s.lost);
    const outOfOrder = total((s) => s.outOfOrder);
    return {
      text: steps.length ? `${missed} / ${lost} / ${outOfOrder}` : 'no step',
      ok: lost + outOfOrder === 0 && (saturated || missed === 0),
    };
  };
  rows.push(
    [
      '(a) delivered records/s at saturation',
      `${fmtRate(rig.saturation.deliveredPerSec)} (at ${rig.saturation.rate} pushes/s)`,
      `${fmtRate(bare.saturation.deliveredPerSec)} (at ${bare.saturation.rate} pushes/s)`,
      fmtRatio(satRatio),
      '≥ 1.0×',
      verdict(satRatio >= 1),
    ],
    [
      '(a) p99 push→receipt at 500 pushes/s',
      fmtMs(rig.fixed.p99),
      fmtMs(bare.fixed.p99),
      fmtRatio(rig.fixed.p99 / bare.fixed.p99),
      '≤ 50 ms',
      verdict(rig.fixed.p99 <= 50),
    ],
    [
      '(a) p50 push→receipt at 500 pushes/s',
      fmtMs(rig.fixed.p50),
      fmtMs(bare.fixed.p50),
      fmtRatio(rig.fixed.p50 / bare.fixed.p50),
      '',
      '',
    ],
    [
      '(a) changes missed / lost / out of order (steps that kept up)',
      problems(rig, false).text,
      problems(bare, false).text,
      '',
      '0 / 0 / 0',
      verdict(problems(rig, false).ok),
    ],
    [
      '(a) same, past saturation (missed: coalesced)',
      problems(rig, true).text,
      problems(bare, true).text,
      '',
      '– / 0 / 0',
      verdict(problems(rig, true).ok),
    ],
  );
}

if (only.has('list')) {
  const durationMs = num(values['list-ms'], 6000, 2000);
  log(`\n(b) GET /api/v1/devices?limit=1000 (1000 devices) against GET /healthz, same server`);
  const list = await runListDevices({ durationMs, connections: Number(values.connections) });
  results.list = list;
  const ratio = list.listRps / list.helloRps;
  log(
    `  list ${list.listRps.toFixed(0)} req/s (${(list.listBytes / 1024).toFixed(0)} KiB each), ` +
      `hello ${list.helloRps.toFixed(0)} req/s, ${list.connections} connections, errors ${list.errors}`,
  );
  rows.push([
    '(b) GET /api/v1/devices, 1000 devices',
    `${list.listRps.toFixed(0)} req/s`,
    `${list.helloRps.toFixed(0)} req/s (hello)`,
    fmtRatio(ratio),
    '≥ 0.5×',
    verdict(ratio >= 0.5 && list.errors === 0),
  ]);
}

if (only.has('cold')) {
  const runs = num(values['cold-runs'], 7, 3);
  log(`\n(c) cold start to ready, ${runs} runs each`);
  const cold = await runColdStart(runs);
  results.cold = cold;
  log(`  rig  ${cold.rigMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  log(`  bare ${cold.bareMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  rows.push([
    '(c) cold start to ready (median)',
    fmtMs(cold.rigMedianMs),
    `${fmtMs(cold.bareMedianMs)} (bare node http)`,
    fmtRatio(cold.rigMedianMs / cold.bareMedianMs),
    '≤ 1000 ms',
    verdict(cold.rigMedianMs <= 1000),
  ]);
}

if (only.has('leases')) {
  const options = {
    clients: Number(values['lease-clients']),
    nodes: 40,
    durationMs: num(values['lease-ms'], 8000, 3000),
    log,
  };
  log(
    `\n(d) lease booking under contention: ${options.clients} clients, ${options.nodes} nodes, SQLite and PostgreSQL`,
  );
  const runs = await runLeases(options);
  results.leases = runs;
  for (const run of runs) {
    rows.push([
      `(d) lease bookings, ${run.clients} clients, ${run.dialect}`,
      `${run.bookingsPerSec.toFixed(0)}/s (${run.accepted} booked, ${run.refused} refused)`,
      `${run.readsPerSec.toFixed(0)}/s (GET current lease)`,
      fmtRatio(run.bookingsPerSec / run.readsPerSec),
      'no overlap, no 5xx',
      verdict(run.overlaps === 0 && run.failed === 0),
    ]);
  }
}

log(`\n${table(['benchmark', 'Rig', 'baseline', 'ratio', 'target', 'result'], rows)}`);
if (values.json) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
log(failed ? `\n${failed} target(s) missed` : '\nall targets met');
