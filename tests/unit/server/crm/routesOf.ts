/** The routes an express router registers, as `METHOD /path/{param}`, walked from its stack. */
import type { Router } from 'express';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

export function routesOf(router: Router, prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of (router as unknown as { stack: Layer[] }).stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        const templated = `${prefix}${path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods))
          out.push(`${method.toUpperCase()} ${templated}`);
      }
    } else if (layer.handle?.stack) {
      // A nested router mounted without a path of its own.
      out.push(...routesOf(layer.handle as unknown as Router, prefix));
    }
  }
  return out;
}
