import { buildOpenApiDocument } from '../openapi';
import { z } from '../schemas/zod';
import { auditLogRoutes } from './auditLog';
import { calendarRoutes } from './calendar';
import { campaignRoutes } from './campaigns';
import { caseRoutes } from './cases';
import { clearanceRoutes } from './clearances';
import { healthRoutes } from './health';
import { inspectionRoutes } from './inspections';
import { leadRoutes } from './leads';
import { talkInquiryRoutes } from './talkInquiries';
import { measureRoutes } from './measures';
import { meRoutes } from './me';
import { overviewRoutes } from './overview';
import { peopleRoutes } from './people';
import { preliminaryCheckRoutes } from './preliminaryChecks';
import { rectificationRoutes } from './rectifications';
import { routineCycleRoutes, routineRunRoutes } from './routineCycles';
import { registryRoutes } from './registry';
import { sessionRoutes } from './session';
import { statisticsRoutes } from './statistics';
import { selfSupervisionRotaRoutes, selfSupervisionTurnRoutes } from './selfSupervision';
import { surpriseCheckRoutes } from './surpriseChecks';
import { route, type Route } from './table';
import { targetedAuditRoutes } from './targetedAudits';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The document of this table, built once on first request. */
export const openApiDocument = () => (document ??= buildOpenApiDocument(routes));

const documentRoutes = [
  route({
    method: 'get',
    path: '/openapi.json',
    summary: 'this document (OpenAPI 3.1); GET /docs shows it in Swagger UI',
    public: true,
    response: { status: 200, description: 'the document', schema: z.record(z.string(), z.unknown()) },
    run: () => openApiDocument(),
  }),
];

/**
 * Every route of the API, once: Express (api/routes/mount.ts), the OpenAPI document (api/openapi.ts)
 * and the route tests all read this list. Within a process, a fixed path comes before a templated one.
 */
export const routes: readonly Route[] = [
  ...healthRoutes,
  ...documentRoutes,
  ...sessionRoutes,
  ...registryRoutes,
  ...peopleRoutes,
  ...campaignRoutes,
  ...inspectionRoutes,
  ...rectificationRoutes,
  ...surpriseCheckRoutes,
  ...routineCycleRoutes,
  ...routineRunRoutes,
  ...targetedAuditRoutes,
  ...selfSupervisionRotaRoutes,
  ...selfSupervisionTurnRoutes,
  ...measureRoutes,
  ...statisticsRoutes,
  ...leadRoutes,
  ...talkInquiryRoutes,
  ...preliminaryCheckRoutes,
  ...caseRoutes,
  ...clearanceRoutes,
  ...overviewRoutes,
  ...meRoutes,
  ...calendarRoutes,
  ...auditLogRoutes,
];
