import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorEnvelope } from './common/errors/index.js';
import { SERVICE_VERSION } from './common/version.js';

export const setupOpenApi = (app: NestFastifyApplication): void => {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ticker-service')
      .setDescription('Market-data and order gateway for Zerodha Kite Connect')
      .setVersion(SERVICE_VERSION)
      .build(),
    { extraModels: [ErrorEnvelope] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
};
