/**
 * The part of the GroveStreams advanced API that manages what the simple API refers to:
 * components (with their streams), component templates, units, folders, and the cycles, rollup
 * calendars and delete profiles streams roll up and expire with (notes §4).
 * Answers use the GroveStreams envelope {"message":"","<resource>":...,"totalCount"?,"success":true};
 * things are addressed by uid or id; another organisation's uid is simply unknown (404).
 */
import type { FastifyInstance } from 'fastify';
import type { GsContext } from '../context.js';
import { calendarsRoutes } from './calendars-routes.js';
import { componentsRoutes } from './components-routes.js';
import { cyclesRoutes } from './cycles-routes.js';
import { deleteProfilesRoutes } from './delete-profiles-routes.js';
import { foldersRoutes } from './folders-routes.js';
import { templatesRoutes } from './templates-routes.js';
import { unitsRoutes } from './units-routes.js';

export function advancedRoutes(app: FastifyInstance, ctx: GsContext): void {
  componentsRoutes(app, ctx);
  templatesRoutes(app, ctx);
  unitsRoutes(app, ctx);
  foldersRoutes(app, ctx);
  cyclesRoutes(app, ctx);
  calendarsRoutes(app, ctx);
  deleteProfilesRoutes(app, ctx);
}
