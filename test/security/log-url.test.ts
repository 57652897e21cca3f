import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../src/http/log-url.ts';

describe('the URL of a request as it is logged', () => {
  const token = 'rig_q9mFHDuRLClNlnyA12krYtBBeplML5GXhnDntlYNdAw';

  it('hides the values of credential-like query parameters, however their names are written', () => {
    for (const name of ['token', 'access_token', 'password', 'csrf', 'api-key', 'Session', '%74oken']) {
      const logged = loggableUrl(`/api/v1/events?topics=status&${name}=s3cr3t-value&since=4`);
      expect(logged).toBe(`/api/v1/events?topics=status&${name}=[redacted]&since=4`);
    }
  });

  it('hides a Rig token wherever it is in the URL', () => {
    expect(loggableUrl(`/api/v1/tokens/${token}`)).toBe('/api/v1/tokens/rig_[redacted]');
    expect(loggableUrl(`/?tokn=${token}&x=${token}`)).toBe('/?tokn=rig_[redacted]&x=rig_[redacted]');
    expect(loggableUrl(`/?${token}`)).toBe('/?rig_[redacted]');
  });

  it('keeps the rest as it is, malformed escapes included', () => {
    for (const url of ['/api/v1/devices', '/api/v1/devices?kind=node&limit=10', '/x?%E0%A4%A=1&a', '/?']) {
      expect(loggableUrl(url)).toBe(url);
    }
  });
});
