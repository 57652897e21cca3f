/**
 * Row types of every table, as the query layer sees them. JSON documents are stored as
 * text and parsed in the store modules (PostgreSQL would return jsonb parsed and SQLite
 * text), timestamps as ISO-8601 UTC text, which sorts the same on both dialects.
 */
export interface DevicesTable {
  kind: string;
  /** The id's JSON text: `12` or `"jaguar"`, so the id's type survives. */
  id: string;
  sort_key: string;
  name: string;
  model: string | null;
  tags: string;
  attributes: string;
  mac: string | null;
  ip: string | null;
  hostname: string | null;
  power: string | null;
  probe: string | null;
  /** Bumped by every change; updates compare it to detect a concurrent writer. */
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface DeviceTagsTable {
  kind: string;
  id: string;
  tag: string;
}

export interface LiveStatusTable {
  kind: string;
  id: string;
  /** First-seen order, which R2lab's files and dumps keep. */
  position: number;
  record: string;
  updated_at: string;
}

export interface Tables {
  devices: DevicesTable;
  device_tags: DeviceTagsTable;
  live_status: LiveStatusTable;
}
