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
  const value = (code: string) => figure[code].value;
  expect({ talks: value('talks'), criticism: value('criticism'), admonishment: value('admonishment'), casesFiled: value('cases.filed'), casesClosed: value('cases.closed') }).toEqual(SEED_FIGURES);
  // 10 件 10 人 each way
  expect([value('cases.filedPersons'), value('cases.closedPersons')]).toEqual([10, 10]);
  // the four forms: 345 − 135 integrity talks (no form) + 13 + 6 … in 人次: 210 reminder talks, 14 criticisms, 6 admonishments (form 1);
  // 6 light sanctions and 1 organisational adjustment (form 2); 2 heavy sanctions and 1 major post adjustment (form 3)
  expect(['form1', 'form2', 'form3', 'form4'].map(value)).toEqual([230, 7, 3, 0]);
  // 230/240 = 95.83…%, 7/240 = 2.91…%, 3/240 = 1.25%: in tenths, by largest remainder
  expect(['form1', 'form2', 'form3', 'form4'].map((c) => figure[c].shareText)).toEqual(['95.8%', '2.9%', '1.3%', '0.0%']);
});
