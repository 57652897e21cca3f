import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

describe('the API description', () => {
  let t: TestRig;
  beforeAll(async () => {
    t = await startRig();
  });
  afterAll(async () => t?.destroy());

  it('is an OpenAPI 3 document generated from the schemas that validate requests', async () => {
    const { status, body: doc } = await api(t.url, 'GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/devices',
      '/api/v1/devices/{kind}/{id}',
      '/api/v1/status',
      '/api/v1/inventory/import',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const device = doc.components.schemas.Device;
    expect(Object.keys(device.properties)).toEqual(
      expect.arrayContaining(['kind', 'id', 'name', 'model', 'tags', 'attributes', 'addresses', 'drivers']),
    );
    expect(device.properties.kind.enum).toEqual(['node', 'phone', 'pdu', 'switch', 'instrument']);
    // The create operation takes the DeviceCreate schema and documents the duplicate answer.
    const create = doc.paths['/api/v1/devices'].post;
    expect(JSON.stringify(create.requestBody)).toContain('DeviceCreate');
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    // A bound from the zod schema reaches the document: the list's page size.
    const limit = doc.paths['/api/v1/devices'].get.parameters.find(
      (p: { name: string }) => p.name === 'limit',
    );
    expect(limit.schema.maximum).toBe(10_000);
  });

  it('is browsable with Swagger UI, served without any outside host', async () => {
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    // Scripts and styles come from Rig itself: the lab network may be offline.
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
  });
});
