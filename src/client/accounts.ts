import type { z } from 'zod';
import type {
  Me as MeSchema,
  Slice,
  SliceCreate,
  SliceUpdate,
  TokenCreate,
  TokenCreated as TokenCreatedSchema,
  TokenInfo,
  User,
  UserCreate,
  UserCreated as UserCreatedSchema,
  UserUpdate,
} from '../accounts/schema.ts';
import type { RigClient } from './http.ts';

export type Me = z.infer<typeof MeSchema>;
export type UserCreated = z.infer<typeof UserCreatedSchema>;
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
export type UserUpdateInput = z.input<typeof UserUpdate>;
export type SliceUpdateInput = z.input<typeof SliceUpdate>;

const name = (value: string) => encodeURIComponent(value);

/** Logins, users, API tokens and slices (`/api/v1/auth`, `/users`, `/tokens`, `/slices`). */
export class AccountsClient {
  constructor(private readonly http: RigClient) {}

  /** Logs in with a password and returns a new API token (shown this once). */
  login(user: string, password: string, token: TokenCreate): Promise<TokenCreated> {
    return this.http.request('POST', '/api/v1/auth/token', { body: { name: user, password, token } });
  }

  /** Revokes the token this client sends (or ends the session). */
  async logout(): Promise<void> {
    await this.http.request('POST', '/api/v1/auth/logout');
  }

  me(): Promise<Me> {
    return this.http.request('GET', '/api/v1/auth/me');
  }

  listUsers(): Promise<User[]> {
    return this.http.request('GET', '/api/v1/users');
  }

  getUser(user: string): Promise<User> {
    return this.http.request('GET', `/api/v1/users/${name(user)}`);
  }

  /** Without a password, the server generates one and returns it once. */
  createUser(input: UserCreate): Promise<UserCreated> {
    return this.http.request('POST', '/api/v1/users', { body: input });
  }

  updateUser(user: string, change: UserUpdateInput): Promise<User> {
    return this.http.request('PATCH', `/api/v1/users/${name(user)}`, { body: change });
  }

  async deleteUser(user: string): Promise<void> {
    await this.http.request('DELETE', `/api/v1/users/${name(user)}`);
  }

  /** The caller's tokens (never the tokens themselves). */
  listTokens(): Promise<TokenInfo[]> {
    return this.http.request('GET', '/api/v1/tokens');
  }

  createToken(input: TokenCreate): Promise<TokenCreated> {
    return this.http.request('POST', '/api/v1/tokens', { body: input });
  }

  revokeToken(id: number): Promise<TokenInfo> {
    return this.http.request('DELETE', `/api/v1/tokens/${id}`);
  }

  listSlices(): Promise<Slice[]> {
    return this.http.request('GET', '/api/v1/slices');
  }

  getSlice(slice: string): Promise<Slice> {
    return this.http.request('GET', `/api/v1/slices/${name(slice)}`);
  }

  createSlice(input: SliceCreate): Promise<Slice> {
    return this.http.request('POST', '/api/v1/slices', { body: input });
  }

  updateSlice(slice: string, change: SliceUpdateInput): Promise<Slice> {
    return this.http.request('PATCH', `/api/v1/slices/${name(slice)}`, { body: change });
  }

  async deleteSlice(slice: string): Promise<void> {
    await this.http.request('DELETE', `/api/v1/slices/${name(slice)}`);
  }

  addMember(slice: string, user: string): Promise<Slice> {
    return this.http.request('PUT', `/api/v1/slices/${name(slice)}/members/${name(user)}`);
  }

  removeMember(slice: string, user: string): Promise<Slice> {
    return this.http.request('DELETE', `/api/v1/slices/${name(slice)}/members/${name(user)}`);
  }
}
