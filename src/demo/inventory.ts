import type { DeviceCreate } from '../inventory/index.ts';

/** The USRP fitted to each R2lab node, roughly as in the real lab. */
const usrpOf = (n: number): string => {
  if ([2, 6, 11, 19, 23].includes(n)) return 'b210';
  if ([3, 8, 12, 15].includes(n)) return 'b205';
  if ([5, 13, 16, 22, 35].includes(n)) return 'n210';
  if ([7, 18].includes(n)) return 'usrp2';
  if (n === 9) return 'limesdr';
  if (n === 27) return 'LEAT LoRa';
  if ([32, 34].includes(n)) return 'e3372';
  return 'none';
};

const pad = (n: number) => String(n).padStart(2, '0');
const sim = (config: Record<string, unknown> = {}) => ({ driver: 'sim', config });

/**
 * The simulated demo lab, modelled on R2lab: 37 nodes, 2 phones, 4 PDUs, 1 switch and
 * 2 instruments (a CAEN-style HV supply and a Julabo-style chiller).
 */
export function demoInventory(): DeviceCreate[] {
  const nodes: DeviceCreate[] = Array.from({ length: 37 }, (_, i) => {
    const n = i + 1;
    const usrp = usrpOf(n);
    return {
      kind: 'node',
      id: n,
      name: `fit${pad(n)}`,
      model: n <= 32 ? 'icarus' : 'nitos',
      tags: ['r2lab', `usrp:${usrp.toLowerCase().replaceAll(' ', '-')}`, n <= 19 ? 'row:front' : 'row:back'],
      attributes: { usrp_type: usrp, cmc: `reboot${pad(n)}` },
      addresses: { mac: `02:00:00:00:01:${pad(n)}`, ip: `192.168.3.${n}`, hostname: `fit${pad(n)}` },
      drivers: { power: sim({ usrp }), probe: sim({ usrp }) },
    };
  });
  const phones: DeviceCreate[] = [1, 2].map((n) => ({
    kind: 'phone',
    id: n,
    name: `phone${n}`,
    model: 'Motorola moto g',
    tags: ['r2lab'],
    attributes: {},
    addresses: { hostname: `macphone${n}` },
    drivers: { power: sim(), probe: sim() },
  }));
  const pdus: DeviceCreate[] = [
    { id: 'jaguar', label: 'RRU', icon: { icon_x_rank: 9.25, icon_y_rank: 0 } },
    { id: 'switch-data', label: 'data switch', icon: { icon_x_rank: 0, icon_y_rank: 2.5 } },
    { id: 'pc01', label: 'pc01', icon: { icon_x_rank: 1.5, icon_y_rank: 0 } },
    { id: 'n300', label: 'UE', icon: { icon_x_rank: 4, icon_y_rank: 0 } },
  ].map(({ id, label, icon }, i) => ({
    kind: 'pdu',
    id,
    name: id,
    model: i === 0 ? 'eaton-epdu' : 'raspberry-relay',
    tags: ['r2lab'],
    attributes: { ...icon, icon_units: 'grid', label },
    addresses: { ip: `192.168.4.${i + 1}` },
    drivers: { power: sim(), probe: sim() },
  }));
  const network: DeviceCreate[] = [
    {
      kind: 'switch',
      id: 'switch-control',
      name: 'switch-control',
      model: 'Dell N1548P',
      tags: ['poe'],
      attributes: { ports: 48 },
      addresses: { ip: '192.168.4.100', hostname: 'switch-c007' },
      drivers: { probe: sim() },
    },
  ];
  const instruments: DeviceCreate[] = [
    {
      kind: 'instrument',
      id: 'caen-hv',
      name: 'CAEN HV supply',
      model: 'CAEN SY5527',
      tags: ['dcs'],
      attributes: { channels: 4 },
      addresses: { ip: '192.168.5.10' },
      // One config for both roles: whichever binding touches the device first sets its power.
      drivers: {
        power: sim({ instrument: 'hv-supply', initial: 'off' }),
        probe: sim({ instrument: 'hv-supply', initial: 'off' }),
      },
    },
    {
      kind: 'instrument',
      id: 'julabo',
      name: 'Julabo chiller',
      model: 'Julabo FP50',
      tags: ['dcs'],
      attributes: {},
      addresses: { ip: '192.168.5.11' },
      drivers: {
        power: sim({ instrument: 'chiller', initial: 'on' }),
        probe: sim({ instrument: 'chiller', initial: 'on' }),
      },
    },
  ];
  return [...nodes, ...phones, ...pdus, ...network, ...instruments];
}
