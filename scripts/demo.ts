// `npm run demo`: a special campaign (专项督查) on a minutes-long ladder against the running
// `npm run dev` stack, through the HTTP API with the demo tokens (`demo-<personId>`, prisma/seed.ts).
// 李明 (staff) launches it over 第五派驻组's units (区公路局, 区交通运输局); 张卫东 (deputy) approves it.
// Then, per unit, a reminder and four escalation emails arrive in the mail view within ~5 minutes.
// API_URL (default http://127.0.0.1:3000), MAIL_URL (default http://127.0.0.1:1080).
// `npm run demo -- --watch`: stay and print each mail as the dev mail sink receives it.
import { randomUUID } from 'node:crypto';

const API = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const MAIL = (process.env.MAIL_URL ?? 'http://127.0.0.1:1080').replace(/\/$/, '');
const STAFF = 'demo-staff-li';
const APPROVER = 'demo-deputy';
const CONTACT = 'demo-gongluju-contact';
const REVIEWER = 'demo-g5-member';
const MINUTE = 60_000;

const time = (iso: string | Date) =>
  new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(1);
}

/** One API call; anything but 2xx prints the problem+json body and exits 1. */
async function call<T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    fail(`cannot reach ${API} (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}); is \`npm run dev\` running?`);
  }
  const text = await res.text();
  if (!res.ok) {
    let shown = text;
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* not JSON: print as is */
    }
    fail(`${method} ${path} as ${token} → ${res.status} ${res.headers.get('content-type') ?? ''}\n${shown}`);
  }
  return JSON.parse(text) as T;
}

interface Launched {
  id: string;
  workflowId: string;
  state: string;
  links: { self: string; workflowUi: string };
}
interface Rollup extends Launched {
  title: string;
  stateLabel: string;
  deadlineAt: string;
  byState: Record<string, number>;
  units: { unitId: string; unitName: string; groupName: string; state: string; stateLabel: string; links: Launched['links'] }[];
}
interface Mail {
  subject: string;
  to: string[];
  receivedAt: string;
  messageId: string;
}

async function main(): Promise<void> {
  const launchedAt = Date.now();
  const deadline = new Date(Date.now() + 2 * MINUTE);
  const idempotencyKey = `demo-${randomUUID()}`;
  const body = {
    title: '演示：作风建设专项督查',
    topic: '上下班打卡、上班炒股、窜岗等作风问题自查（演示，时限以分钟计）',
    scope: { groupIds: ['g5'] },
    deadline: { at: deadline.toISOString() },
    approverId: 'deputy',
    ladder: {
      remindBefore: { amount: 1, unit: 'minutes' },
      rungs: [
        { after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] },
        { after: { amount: 1, unit: 'minutes' }, notify: ['UNIT_LEADER'] },
        { after: { amount: 2, unit: 'minutes' }, notify: ['GROUP_LEADER'] },
        { after: { amount: 3, unit: 'minutes' }, notify: ['COMMISSION_LEADER'] },
      ],
    },
    approvalWindow: { amount: 10, unit: 'minutes' },
  };

  console.log(`发起专项督查 (launch) as ${STAFF} → POST ${API}/campaigns`);
  const launched = await call<Launched>('POST', '/campaigns', STAFF, body, { 'idempotency-key': idempotencyKey });
  console.log(`  ${launched.id}: ${launched.state}`);

  console.log(`审批 (approve) as ${APPROVER} → POST ${API}/campaigns/${launched.id}/decision`);
  const decided = await call<{ state: string }>('POST', `/campaigns/${encodeURIComponent(launched.id)}/decision`, APPROVER, { decision: 'approve' });
  console.log(`  ${decided.state}`);

  // the fan-out starts one child per unit right after the approval: wait (briefly) until both are recorded
  let rollup = await call<Rollup>('GET', launched.links.self, STAFF);
  for (let i = 0; i < 20 && rollup.byState.not_started > 0; i++) {
    await new Promise((r) => setTimeout(r, 500));
    rollup = await call<Rollup>('GET', launched.links.self, STAFF);
  }

  const at = (minutes: number) => time(new Date(Date.parse(rollup.deadlineAt) + minutes * MINUTE));
  const id = encodeURIComponent(rollup.id);
  const curlBase = `curl -sS -X POST -H 'Content-Type: application/json'`;
  console.log(`
专项督查 ${rollup.id}  「${rollup.title}」  ${rollup.state} (${rollup.stateLabel})
${rollup.units.map((u) => `  ${u.groupName} / ${u.unitName} (${u.unitId}): ${u.stateLabel}`).join('\n')}

  Roll-up (汇总):   curl -sS -H 'Authorization: Bearer ${STAFF}' ${API}${rollup.links.self}
  Temporal Web UI:  ${rollup.links.workflowUi}
  Mail view:        ${MAIL}

Mails to expect (Asia/Shanghai time), for each unit whose report is still missing, about five minutes in all:
  ${at(-1)}  截止前提醒 reminder          → 联络员 (unit contact)
  ${at(0)}  deadline; 逾期催办 rung 1   → 联络员 (unit contact)
  ${at(1)}  逾期催办 rung 2              → 一把手 (unit leader)
  ${at(2)}  逾期催办 rung 3              → 派驻组组长 (group leader)
  ${at(3)}  逾期催办 rung 4              → 委领导 (commission leader: the approver, 张卫东)
(already sent: the approval request to 张卫东 and one 专项督查通知 per unit.)

Submit 区公路局's self-inspection report (提交自查报告) as its contact; its escalations then stop:
  ${curlBase} -H 'Authorization: Bearer ${CONTACT}' \\
    -d '{"content":"本单位已对照五个切入点开展自查，未发现上班炒股、窜岗问题。"}' \\
    ${API}/inspections/${id}/gongluju/report
Review it (审核) as a member of 第五派驻组: accept with a finding, or return it with a new deadline:
  ${curlBase} -H 'Authorization: Bearer ${REVIEWER}' \\
    -d '{"decision":"accept","findings":[{"title":"个别干部上班时间浏览与工作无关网页","detail":"已当场提醒，立行立改"}]}' \\
    ${API}/inspections/${id}/gongluju/review
  ${curlBase} -H 'Authorization: Bearer ${REVIEWER}' \\
    -d '{"decision":"return","reason":"未覆盖\\"三重一大\\"事项","newDeadline":{"workingDays":2}}' \\
    ${API}/inspections/${id}/gongluju/review
Cancel the whole campaign (撤销) as staff:
  ${curlBase} -H 'Authorization: Bearer ${STAFF}' -d '{"reason":"演示结束"}' ${API}/campaigns/${id}/cancel
`);

  if (process.argv.includes('--watch')) await watch(Date.parse(rollup.deadlineAt) + 3 * MINUTE + 30_000, launched.id, launchedAt);
}

/** Prints each mail the dev mail sink receives about this campaign until `until`, timed from the launch. */
async function watch(until: number, campaignId: string, launchedAt: number): Promise<void> {
  console.log(`Watching ${MAIL}/api/messages until ${time(new Date(until))} Asia/Shanghai (Ctrl-C to stop)…`);
  const seen = new Set<string>();
  while (Date.now() < until) {
    const mails = await fetch(`${MAIL}/api/messages`)
      .then((r) => r.json() as Promise<(Mail & { text: string })[]>)
      .catch((e) => fail(`cannot read ${MAIL}/api/messages (${(e as Error).message}): --watch needs the dev mail sink`));
    for (const m of mails) {
      if (seen.has(m.messageId) || !m.text.includes(campaignId)) continue;
      seen.add(m.messageId);
      const offset = ((Date.parse(m.receivedAt) - launchedAt) / 1000).toFixed(0).padStart(4);
      console.log(`  +${offset} s  ${time(m.receivedAt)}  ${m.subject}  → ${m.to.join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  console.log(`${seen.size} mail(s) about ${campaignId}.`);
}

main().catch((e) => fail(e instanceof Error ? e.stack ?? e.message : String(e)));
