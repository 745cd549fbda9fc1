import { dirname, join } from 'node:path';
import { Router } from 'express';

// Swagger UI's own build from npm (swagger-ui-dist), served from here: the page needs no CDN.
const assets = dirname(require.resolve('swagger-ui-dist/package.json'));

// only what the page loads: the package's own index.html would show its demo document
const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>探头 tantou API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

// a file rather than an inline script, so a Content-Security-Policy without 'unsafe-inline' still lets it run
const start = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });\n`;

/** GET /docs: Swagger UI on /openapi.json. */
export function docsRouter(): Router {
  const router = Router({ strict: false });
  router.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/start.js', (_req, res) => {
    res.type('js').send(start);
  });
  for (const file of ASSETS) {
    router.get(`/${file}`, (_req, res) => {
      res.sendFile(join(assets, file), { maxAge: '1d' });
    });
  }
  return router;
}
