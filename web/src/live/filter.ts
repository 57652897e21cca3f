import type { DeviceView } from './views.ts';

/** Status fields worth searching: "fedora", "b210" or an image name find their nodes. */
const searchedStatusFields = ['os_release', 'image_radical', 'usrp_type', 'label', 'state'];

function haystack(view: DeviceView): string[] {
  const { device, status } = view;
  const texts = [view.name, String(view.id), view.kind];
  if (device) {
    texts.push(...device.tags);
    for (const value of [device.model, device.addresses.hostname, device.addresses.ip, device.addresses.mac])
      if (value) texts.push(value);
  }
  for (const field of searchedStatusFields) {
    const value = status?.[field];
    if (typeof value === 'string' && value) texts.push(value);
  }
  return texts.map((text) => text.toLowerCase());
}

/** Whether a device matches every word of the filter (in its name, id, tags, model, addresses). */
export function matchesFilter(view: DeviceView, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const texts = haystack(view);
  return terms.every((term) => texts.some((text) => text.includes(term)));
}
