import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OPENAPI_AUTH_EXTENSION, type Scope } from './common/auth/index.js';
import { ErrorEnvelope } from './common/errors/index.js';
import { SERVICE_VERSION } from './common/version.js';

export const API_KEY_SCHEME = 'ApiKey';
export const BEARER_SCHEME = 'bearer';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const ENVELOPE_REF = { $ref: '#/components/schemas/ErrorEnvelope' };

interface Operation {
  description?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
  [extension: `x-${string}`]: unknown;
}

/**
 * Turns each operation's `x-auth` (from @Public / @RequireScopes) into OpenAPI terms: public operations
 * get `security: []` and `x-public`; the others both schemes, `x-required-scopes`, a sentence in the
 * description and their 401/403 responses.
 */
const applyAccessRules = (document: OpenAPIObject): OpenAPIObject => {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method];
      const rule = operation?.[OPENAPI_AUTH_EXTENSION] as { public?: string; scopes?: Scope[] } | undefined;
      if (operation === undefined || rule === undefined) {
        continue;
      }
      delete operation[OPENAPI_AUTH_EXTENSION];
      const responses = (operation.responses ??= {});
      if (rule.public !== undefined) {
        operation.security = [];
        operation['x-public'] = rule.public;
        operation.description = [operation.description, `**Public**: ${rule.public}.`].filter(Boolean).join('\n\n');
        continue;
      }
      const scopes = rule.scopes ?? [];
      operation.security = [{ [API_KEY_SCHEME]: [] }, { [BEARER_SCHEME]: [] }];
      operation['x-required-scopes'] = scopes;
      operation.description = [
        operation.description,
        `**Requires scope** ${scopes.map((scope) => `\`${scope}\``).join(' or ')}.`,
      ]
        .filter(Boolean)
        .join('\n\n');
      responses['401'] ??= {
        description: 'Missing or invalid credentials (WWW-Authenticate says how to authenticate)',
        content: { 'application/json': { schema: ENVELOPE_REF } },
      };
      responses['403'] ??= {
        description: 'The credential lacks the required scope or account',
        content: { 'application/json': { schema: ENVELOPE_REF } },
      };
      responses['429'] ??= {
        description: 'Rate limited (Retry-After says when to retry)',
        content: { 'application/json': { schema: ENVELOPE_REF } },
      };
    }
  }
  return document;
};

export const buildOpenApiDocument = (app: NestFastifyApplication): OpenAPIObject =>
  applyAccessRules(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('ticker-service')
        .setDescription(
          'Market-data and order gateway for Zerodha Kite Connect. Every operation needs an API key ' +
            '(`X-API-Key` header, or `Authorization: Bearer tks_…`) or a JWT bearer token carrying the ' +
            "operation's scope, unless marked public. See docs/security.md.",
        )
        .setVersion(SERVICE_VERSION)
        .addApiKey(
          { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'tks_<id>_<secret>' },
          API_KEY_SCHEME,
        )
        .addBearerAuth(
          { type: 'http', scheme: 'bearer', description: 'A JWT from the configured issuer, or an API key' },
          BEARER_SCHEME,
        )
        .build(),
      { extraModels: [ErrorEnvelope] },
    ),
  );

export const setupOpenApi = (app: NestFastifyApplication): void => {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
};
