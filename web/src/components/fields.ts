import type { DeviceKind } from '../live/types.ts';

/** Status fields shown first, in this order (R2lab's, sidecar-protocol.md §7); others follow. */
const firstFields: Record<DeviceKind, string[]> = {
  node: [
    'cmc_on_off',
    'control_ping',
    'control_ssh',
    'available',
    'os_release',
    'image_radical',
    'uname',
    'gnuradio_release',
    'usrp_type',
    'usrp_on_off',
    'usrp_duplexer',
    'docker_version',
    'container_running',
    'container_image',
  ],
  phone: ['airplane_mode', 'wifi_on_off'],
  pdu: ['on_off', 'label'],
  switch: ['on_off', 'control_ping'],
  instrument: ['state', 'on_off', 'readings'],
};

const labels: Record<string, string> = {
  cmc_on_off: 'Power (CMC)',
  control_ping: 'Ping',
  control_ssh: 'SSH',
  available: 'Available',
  os_release: 'OS',
  image_radical: 'Image',
  uname: 'Kernel',
  gnuradio_release: 'GNU Radio',
  usrp_type: 'USRP',
  usrp_on_off: 'USRP power',
  usrp_duplexer: 'USRP duplexer',
  docker_version: 'Docker',
  container_running: 'Container running',
  container_image: 'Container image',
  airplane_mode: 'Airplane mode',
  wifi_on_off: 'Wi-Fi',
  on_off: 'Power',
  label: 'Label',
  state: 'State',
  readings: 'Readings',
};

export const fieldLabel = (field: string): string => labels[field] ?? field;

/** The record's fields in display order, without the id. */
export function orderedFields(kind: DeviceKind, record: Record<string, unknown>): string[] {
  const first = firstFields[kind].filter((field) => field in record);
  const rest = Object.keys(record)
    .filter((field) => field !== 'id' && !first.includes(field))
    .sort();
  return [...first, ...rest];
}
