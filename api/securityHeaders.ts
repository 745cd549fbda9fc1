import helmet from 'helmet';

/**
 * Security headers on every answer (helmet). The policy serves the pages this origin ships: Swagger UI
 * at /docs and the console at /console/, both loading scripts only from here (no inline script: /docs
 * starts from /docs/start.js). Styles may be inline because Swagger UI sets style attributes and Ant
 * Design injects <style> elements at run time; Swagger UI draws its icons as data: images.
 * `upgrade-insecure-requests` is left out: the dev stack and an intranet deployment may serve plain
 * HTTP, where it would send every asset request to an https:// that does not answer.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
