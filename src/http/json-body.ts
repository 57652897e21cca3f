import type { FastifyInstance } from 'fastify';
import { RigError } from '../lib/errors.ts';
import { jsonTextTooDeep, MAX_NESTING } from './nesting.ts';

/**
 * JSON bodies: fastify's own parser (it refuses `__proto__` and `constructor.prototype`
 * keys), behind a nesting check, and with errors that say what is wrong: fastify's say
 * "not valid JSON" for a prototype key too.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonTextTooDeep(text)) {
      done(new RigError('RIG_ERR_BAD_REQUEST', `JSON body nested deeper than ${MAX_NESTING} levels`));
      return;
    }
    parseJson(request, text, (error, value) => {
      if (!error || !text.length) done(error, value);
      else done(describeJsonError(text));
    });
  });
}

/** Why JSON text was refused; only called once fastify's parser has refused it. */
function describeJsonError(text: string): RigError {
  try {
    JSON.parse(text);
  } catch (error) {
    return new RigError('RIG_ERR_BAD_REQUEST', `invalid JSON body: ${(error as Error).message}`);
  }
  return new RigError(
    'RIG_ERR_BAD_REQUEST',
    'JSON body refused: keys "__proto__" and "constructor"."prototype" are not accepted',
  );
}
