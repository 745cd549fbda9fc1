// npm run scenario -- [--api http://localhost:3000] [--today 2026-12-03]: plays the seed's district
// (scripts/scenario/seedDistrict.ts) through the API of a running system seeded with the demo district.
import { parseArgs } from 'node:util';
import { playSeedScenario } from './scenario/seedDistrict';

const { values } = parseArgs({ options: { api: { type: 'string', default: 'http://localhost:3000' }, today: { type: 'string' } } });
const today = values.today ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
playSeedScenario({ baseUrl: values.api, today, log: console.log }).then(
  (p) => console.log(`done: GET /statistics?from=${p.from}&to=${p.to}`),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
