import { stringify } from 'yaml';
import { z } from 'zod';
import { ErrorEnvelope } from '../http/errors.ts';
import { MAX_NESTING, valueTooDeep } from '../http/nesting.ts';
import { errorResponses, type RigApp } from '../http/server.ts';
import { DeviceKind, parseIdSegment } from '../lib/device-ref.ts';
import { RigError } from '../lib/errors.ts';
import { describeIssues, parseYaml, YamlSyntaxError } from '../lib/yaml.ts';
import { acceptsGzip, type DevicePageCache } from './page-cache.ts';
import {
  Device,
  DeviceCreate,
  DeviceListQuery,
  DevicePage,
  DeviceUpdate,
  ImportMode,
  ImportResult,
  InventoryFile,
} from './schema.ts';
import type { InventoryService } from './service.ts';

const DevicePath = z.strictObject({
  kind: DeviceKind,
  id: z.string().min(1).max(128).describe('Integer id, or name'),
});
const tags = ['inventory'];

export function registerInventoryRoutes(
  app: RigApp,
  inventory: InventoryService,
  pages: DevicePageCache,
): void {
  app.get(
    '/api/v1/devices',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'List devices, filtered and paginated',
        querystring: DeviceListQuery,
        response: { 200: DevicePage, 400: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const page = await pages.get(JSON.stringify(request.query), () => inventory.list(request.query));
      // Already JSON (and compressed once for clients that accept it): sent as is.
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (page.body.length >= 1024 && acceptsGzip(request.headers['accept-encoding'])) {
        return reply.header('content-encoding', 'gzip').send((await pages.gzipped(page)) as never);
      }
      return reply.send(page.body as never);
    },
  );

  app.post(
    '/api/v1/devices',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Create a device',
        body: DeviceCreate,
        response: { 201: Device, 400: ErrorEnvelope, 409: ErrorEnvelope.describe('Duplicate id') },
      },
    },
    async (request, reply) => reply.code(201).send(await inventory.create(request.body)),
  );

  app.get(
    '/api/v1/devices/:kind/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Get a device',
        params: DevicePath,
        response: { 200: Device, ...errorResponses },
      },
    },
    async (request) => inventory.get(request.params.kind, parseIdSegment(request.params.id)),
  );

  app.patch(
    '/api/v1/devices/:kind/:id',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Change a device (given fields only)',
        params: DevicePath,
        body: DeviceUpdate,
        response: { 200: Device, ...errorResponses, 409: ErrorEnvelope },
      },
    },
    async (request) => inventory.update(request.params.kind, parseIdSegment(request.params.id), request.body),
  );

  app.delete(
    '/api/v1/devices/:kind/:id',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Delete a device',
        params: DevicePath,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await inventory.remove(request.params.kind, parseIdSegment(request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/inventory/import',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Import an inventory file (YAML or JSON); all or nothing',
        description:
          'The body is the file, as YAML (`Content-Type: application/yaml`) or JSON. Errors name the line.',
        querystring: z.strictObject({ mode: ImportMode.default('merge') }),
        body: z.unknown().describe('An InventoryFile, as YAML text or JSON'),
        response: { 200: ImportResult, 400: ErrorEnvelope, 409: ErrorEnvelope },
      },
    },
    async (request) => inventory.importFile(parseInventoryFile(request.body), request.query.mode),
  );

  app.get(
    '/api/v1/inventory/export',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Export the inventory as a file (YAML, or JSON with ?format=json)',
        querystring: z.strictObject({ format: z.enum(['yaml', 'json']).default('yaml') }),
        response: { 200: InventoryFile },
      },
    },
    async (request, reply) => {
      const file = await inventory.exportFile();
      if (request.query.format === 'json') return file;
      return reply
        .type('application/yaml')
        .serializer((data) => stringify(data))
        .send(file);
    },
  );
}

/** The import body: YAML text (JSON is YAML too) or an already parsed JSON body. */
function parseInventoryFile(body: unknown): InventoryFile {
  let doc: ReturnType<typeof parseYaml> | undefined;
  let value = body;
  if (typeof body === 'string') {
    try {
      doc = parseYaml(body);
    } catch (error) {
      const line = error instanceof YamlSyntaxError ? error.line : undefined;
      throw new RigError(
        'RIG_ERR_VALIDATION',
        `inventory file is not valid YAML: ${(error as Error).message}`,
        {
          ...(line ? { line } : {}),
        },
      );
    }
    value = doc.value;
    // JSON bodies are checked as they are parsed; YAML ones only here (zod recurses).
    if (valueTooDeep(value)) {
      throw new RigError('RIG_ERR_VALIDATION', `inventory file nested deeper than ${MAX_NESTING} levels`);
    }
  }
  const parsed = InventoryFile.safeParse(value ?? {});
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, doc);
    const first = issues[0];
    const where = first?.line ? ` (line ${first.line})` : '';
    throw new RigError(
      'RIG_ERR_VALIDATION',
      `invalid inventory file: ${first?.path}: ${first?.message}${where}`,
      {
        issues,
      },
    );
  }
  return parsed.data;
}
