/** The typed client of a Rig server: HTTP API and the live events websocket. */
export {
  AccountsClient,
  type Me,
  type SliceUpdateInput,
  type TokenCreated,
  type UserCreated,
  type UserUpdateInput,
} from './accounts.ts';
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
  type RequestOptions,
  RigClient,
  type RigClientOptions,
  type StatusUpdateInput,
} from './http.ts';
export { KeysClient } from './keys.ts';
export { type LeaseQuery, LeasesClient } from './leases.ts';
