// `npm run authz-matrix`: rewrites api/authorization-matrix.md from the route table
// (test/unit/authorizationMatrix.test.ts fails while the file is out of date).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MATRIX_FILE, matrixMarkdown } from '../api/authorization';
import { routes } from '../api/routes';
import { ROOT } from './prisma';

writeFileSync(path.join(ROOT, MATRIX_FILE), matrixMarkdown(routes));
console.log(`wrote ${MATRIX_FILE}`);
