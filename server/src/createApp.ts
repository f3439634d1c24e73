/**
 * Builds the express app; never listens. Routes validate and call one service.
 *
 *   /v2/status, /v2/license      open
 *   /v2/…                        HTTP Basic (users and API clients) or session cookie + CSRF → routes → services
 *   /api/openapi.json            open
 *   /api/session                 browser sign-in, session, sign-out (auth/sessions)
 *   /api/users, /api/groups      HTTP Basic or session cookie + CSRF → admin/adminRoutes (admins only)
 *   /api/…                       HTTP Basic or session cookie + CSRF → crm/crmRoutes (clients, custom fields, purchases)
 *   /…                           open: the browser app (designer/dist); other GETs get its index.html
 */
import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import { adminRoutes } from './admin/adminRoutes';
import { UserAdminService } from './admin/UserAdminService';
import { authenticate } from './auth/basicAuth';
import type { Sessions } from './auth/sessions/sessionsFor';
import type { UserRepository } from './auth/UserRepository';
import { crmPublicRoutes, crmRoutes, type CrmDeps } from './crm/crmRoutes';
import { ProblemError } from './http/ProblemError';
import { requireJsonBody } from './http/requireJsonBody';
import { problemHandler } from './http/sendProblem';
import { authenticationRoutes } from './routes/v2/authenticationRoutes';
import { decisionRoutes } from './routes/v2/decisionRoutes';
import { deploymentRoutes } from './routes/v2/deploymentRoutes';
import { messageRoutes } from './routes/v2/messageRoutes';
import { inspectionRoutes } from './routes/v2/inspectionRoutes';
import { jobRoutes } from './routes/v2/jobRoutes';
import { processDefinitionRoutes } from './routes/v2/processDefinitionRoutes';
import { processInstanceRoutes } from './routes/v2/processInstanceRoutes';
import { resourceRoutes } from './routes/v2/resourceRoutes';
import { publicSystemRoutes, systemRoutes } from './routes/v2/systemRoutes';
import { userTaskRoutes } from './routes/v2/userTaskRoutes';
import type { V2Deps } from './routes/v2/V2Deps';

export interface AppDeps extends V2Deps {
  users: UserRepository;
  maxJsonBytes: number;
  crm: CrmDeps;
  /** Browser sessions (cookie + CSRF token) beside HTTP Basic; see auth/sessions. */
  sessions: Sessions;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Any JSON-ish body is parsed as JSON (the legacy client labels bodiless GETs as JSON too).
  app.use(
    express.json({
      limit: deps.maxJsonBytes,
      strict: false,
      type: ['application/json', 'application/*+json'],
    }),
  );

  app.use(['/v2', '/api'], requireJsonBody);
  app.use('/v2', publicSystemRoutes());
  const { lookup: sessionLookup, csrf } = deps.sessions;
  app.use('/v2', authenticate({ users: deps.users, required: true, sessionLookup }), csrf);
  app.use('/v2', systemRoutes(deps));
  app.use('/v2', authenticationRoutes());
  app.use('/v2', deploymentRoutes(deps));
  app.use('/v2', resourceRoutes(deps));
  app.use('/v2', processDefinitionRoutes(deps));
  app.use('/v2', decisionRoutes(deps));
  app.use('/v2', processInstanceRoutes(deps));
  app.use('/v2', userTaskRoutes(deps));
  app.use('/v2', jobRoutes(deps));
  app.use('/v2', inspectionRoutes(deps));
  app.use('/v2', messageRoutes(deps));
  app.use('/v2', (req, _res, next) =>
    next(ProblemError.notFound(`No endpoint ${req.method} ${req.path} under /v2.`)),
  );
  app.use('/api', crmPublicRoutes());
  app.use('/api/session', deps.sessions.router);
  app.use('/api', authenticate({ users: deps.users, required: true, sessionLookup }), csrf);
  app.use('/api', adminRoutes(new UserAdminService(deps.users)));
  app.use('/api', crmRoutes(deps.crm));
  serveDesigner(app, DESIGNER_DIST);
  app.use(problemHandler);
  return app;
}

/** The browser app's build (`npm run build:designer`). */
const DESIGNER_DIST = fileURLToPath(new URL('../../designer/dist/', import.meta.url));

/**
 * The browser app (D5) at `/`: its files, and its index.html for any other GET outside
 * /v2 and /api that names no file, so app paths such as /modeler load the app. Hashed
 * assets are cached for good; index.html is revalidated, so a new build shows at once.
 */
function serveDesigner(app: Express, dist: string) {
  app.use(
    express.static(dist, {
      setHeaders: (res, file) =>
        res.setHeader(
          'Cache-Control',
          /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    }),
  );
  app.use((req, res, next) => {
    const appPath = !/^\/(v2|api)(\/|$)/.test(req.path) && !/\.[^/]*$/.test(req.path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !appPath) return next();
    const headers = { 'Cache-Control': 'no-cache' };
    res.sendFile('index.html', { root: dist, headers }, (error) => {
      if (!error || res.headersSent) return;
      next(ProblemError.notFound('The browser app is not built: run `npm run build:designer`.'));
    });
  });
}
