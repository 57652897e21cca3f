import type { Device } from '../../inventory/index.ts';
import type { DriverDefinition, PowerControl, Probe } from '../types.ts';
import { SimConfig } from './config.ts';
import { type SimDevice, type SimLab, simBehaviour } from './lab.ts';

/** Fields of a PDU's inventory attributes that R2lab's monitorpdus sends with its state. */
const pduDisplayFields = [
  'icon_x_rank',
  'icon_y_rank',
  'icon_units',
  'location_x_grid',
  'location_y_grid',
  'label',
];

function probeNode(sim: SimDevice, lab: SimLab, config: SimConfig): Record<string, unknown> {
  if (config.flaky > 0 && sim.random() < config.flaky) {
    return { cmc_on_off: 'fail', control_ping: 'off', control_ssh: 'off', usrp_on_off: 'fail' };
  }
  const behaviour = simBehaviour(sim, config);
  const usrp = behaviour.usrpType === 'none' ? 'off' : sim.powered ? 'on' : 'off';
  if (!sim.powered) return { cmc_on_off: 'off', control_ping: 'off', control_ssh: 'off', usrp_on_off: usrp };
  const up = lab.now() - sim.poweredAt;
  const ssh = up >= behaviour.bootSshSeconds;
  const record: Record<string, unknown> = {
    cmc_on_off: 'on',
    control_ping: up >= behaviour.bootPingSeconds ? 'on' : 'off',
    control_ssh: ssh ? 'on' : 'off',
    usrp_on_off: usrp,
  };
  if (ssh) {
    Object.assign(record, {
      os_release: behaviour.osRelease,
      image_radical: behaviour.imageRadical,
      uname: behaviour.uname,
      gnuradio_release: behaviour.osRelease.startsWith('ubuntu') ? '3.10.9.2' : 'none',
      docker_version: '27.3.1',
      container_running: 'false',
      container_image: '',
    });
  }
  return record;
}

function probeInstrument(sim: SimDevice, config: SimConfig): Record<string, unknown> {
  const r = sim.readings;
  const noise = () => (sim.random() - 0.5) * 0.1;
  if (config.instrument === 'chiller') {
    const target = sim.powered ? -20 : 20;
    r.temperature = round((r.temperature ?? 20) + (target - (r.temperature ?? 20)) * 0.05 + noise());
    r.setpoint = -20;
    return {
      on_off: sim.powered ? 'on' : 'off',
      state: sim.powered ? 'RUNNING' : 'STOPPED',
      readings: { ...r },
    };
  }
  const target = sim.powered ? 300 : 0;
  r.voltage = round(
    Math.max(
      0,
      (r.voltage ?? 0) +
        Math.sign(target - (r.voltage ?? 0)) * Math.min(10, Math.abs(target - (r.voltage ?? 0))) +
        noise(),
    ),
  );
  r.current = round(sim.powered ? 0.002 + Math.abs(noise()) / 100 : 0, 5);
  const state = !sim.powered ? (r.voltage > 1 ? 'HV_RAMP' : 'LV_ON') : r.voltage >= 299 ? 'HV_ON' : 'HV_RAMP';
  return { on_off: sim.powered ? 'on' : 'off', state, readings: { ...r } };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** The `sim` driver: power and probe of simulated devices, for the demo lab and tests. */
export function simDriver(lab: SimLab): DriverDefinition<SimConfig> {
  return {
    name: 'sim',
    description: 'Simulated hardware (demo lab, tests): power on → ping → ssh → os_release, from a seed',
    configSchema: SimConfig,
    roles: ['power', 'probe'],
    createPower(device: Device, config: SimConfig): PowerControl {
      const sim = lab.device(device.kind, device.id, config);
      const turn = async (on: boolean, signal?: AbortSignal) => {
        await lab.delay(config.latencyMs, signal);
        if (on && !sim.powered) sim.poweredAt = lab.now();
        sim.powered = on;
      };
      return {
        on: (signal) => turn(true, signal),
        off: (signal) => turn(false, signal),
        cycle: async (signal) => {
          await turn(false, signal);
          await turn(true, signal);
        },
        status: async () => (sim.powered ? 'on' : 'off'),
      };
    },
    createProbe(device: Device, config: SimConfig): Probe {
      const sim = lab.device(device.kind, device.id, config);
      return {
        async probe() {
          switch (device.kind) {
            case 'node':
              return probeNode(sim, lab, config);
            case 'phone':
              return { airplane_mode: sim.powered ? 'off' : 'on' };
            case 'pdu': {
              const display = Object.fromEntries(
                pduDisplayFields.filter((f) => f in device.attributes).map((f) => [f, device.attributes[f]]),
              );
              return { on_off: sim.powered ? 'on' : 'off', ...display };
            }
            case 'switch':
              return { on_off: sim.powered ? 'on' : 'off', control_ping: sim.powered ? 'on' : 'off' };
            case 'instrument':
              return probeInstrument(sim, config);
          }
        },
      };
    },
  };
}
