// The web console (web/, built by `npm run build:web` into web/dist) served at /console/ by the API
// process, so its calls to the API are same-origin and the session cookie goes along. Hashed assets are
// cached for good; every other /console/* path is the single page's index.html, which routes itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { unknownRoute } from './errors';

export const CONSOLE_DIST = path.join(__dirname, '..', 'web', 'dist');

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>控制台尚未构建</title>
<p>控制台尚未构建：请在项目目录运行 <code>npm run build:web</code>（<code>npm run dev</code> 会自动构建）。</p>
<p>The console is not built: run <code>npm run build:web</code> (<code>npm run dev</code> builds it for you).</p></html>`;

export function consoleRouter(dist = CONSOLE_DIST): Router {
  const router = express.Router();
  // an asset of another build is a 404, not the page
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '1y' }), unknownRoute);
  router.use(express.static(dist, { index: false }));
  // read at each request: a build finishing (npm run dev's watcher) needs no restart
  router.get('/{*page}', (_req, res) => {
    const index = path.join(dist, 'index.html');
    if (!existsSync(index)) return void res.status(503).type('html').send(NOT_BUILT);
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
