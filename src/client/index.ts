/** The typed client of a Rig server: HTTP API and the live events websocket. */
export { type ClientErrorKind, RigClientError } from './errors.ts';
export {
  type DisconnectInfo,
  defaultReconnectDelay,
  EventsClient,
  type EventsClientOptions,
  type EventsItem,
  type ServerEvent,
} from './events.ts';
export {
  type DeviceCreateInput,
  type DeviceFilter,
  type DeviceQuery,
  type DeviceUpdateInput,
  parseServerUrl,
  RigClient,
  type RigClientOptions,
  type StatusUpdateInput,
} from './http.ts';
