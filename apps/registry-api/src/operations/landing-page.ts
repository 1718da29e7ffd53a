import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLServerContext, GraphQLServerListener } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { NextFunction, Request, Response } from 'express';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';

/** The README's examples, ready to run in Sandbox (reads are public; writes need `npm run token`). */
export const EXAMPLE_OPERATIONS = `# HK-AI mutual-recognition registry: example operations (the README's).
# Reads are public. Writes need a bearer token from \`npm run token -- --role ...\` in the Headers tab:
#   Authorization: Bearer <token>

# A generative chatbot model, for the EU, today: READY, through the HK-AI equivalences.
query ExportReadinessEU {
  exportReadiness(input: { modelId: "pearl-chat", version: "1.0", jurisdiction: "EU", useCase: "chatbot" }) {
    status computedAt validUntil
    lines { requirement { requirementId title } status reason via { equivalenceId hkRequirementId } }
  }
}

# A lending model, for the EU, once the high-risk articles apply (asOf).
query ExportReadinessEULendingHighRisk {
  exportReadiness(input: { modelId: "creditscope", version: "2.1", jurisdiction: "EU", useCase: "lending", asOf: "2027-12-15T00:00:00Z" }) {
    status
    lines { requirement { requirementId } status reason unmetConditions { conditionId text } }
  }
}

# A firm's certifications (public search).
query CertificationsOfAFirm {
  certifications(firmId: "harbour-lending") {
    totalCount
    edges { node { id status modelId modelVersion auditReportDigest } }
  }
}

# The log and its read models.
query RegistryStatus {
  status { store headPosition readModelPosition eventCount }
}
`;

/**
 * Apollo Sandbox on GET /graphql (a browser asking for HTML), in development only: NODE_ENV=production keeps
 * the driver's LandingPageDisabled alone, so GET /graphql there is a GraphQL request like any other.
 * Discovered by the Apollo driver through @Plugin(), like every plugin of the app's modules.
 */
@Plugin()
export class SandboxLandingPage implements ApolloServerPlugin {
  private readonly sandbox: ApolloServerPlugin | undefined;

  constructor(@Inject(REGISTRY_CONFIG) config: RegistryConfig) {
    this.sandbox = config.operations.development
      ? ApolloServerPluginLandingPageLocalDefault({
          document: EXAMPLE_OPERATIONS,
          includeCookies: false,
          footer: false,
          embed: { runTelemetry: false, endpointIsEditable: false },
        })
      : undefined;
  }

  async serverWillStart(service: GraphQLServerContext): Promise<GraphQLServerListener | void> {
    return this.sandbox?.serverWillStart?.(service);
  }
}

/**
 * helmet's Content-Security-Policy (script-src 'self') would block Sandbox, which loads from Apollo's CDN. The
 * page brings its own policy in a meta tag (scripts and styles by nonce, Apollo's hosts only), so for that
 * one development page the header is dropped; helmet's other headers stay. Runs after AppModule's helmet
 * (Nest mounts a module's middleware after those of modules closer to the root); the e2e test checks it.
 */
@Injectable()
export class SandboxContentSecurity implements NestMiddleware {
  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (this.config.operations.development && req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html')
      res.removeHeader('Content-Security-Policy');
    next();
  }
}
