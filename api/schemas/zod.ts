import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Once, before any schema is built: `.openapi()` lets the schemas that parse requests also document them.
extendZodWithOpenApi(z);

export { z };
