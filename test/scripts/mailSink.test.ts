import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { startMailSink, type MailSink } from '../../scripts/mailSink';

describe('mail sink in memory (tests)', () => {
  let sink: MailSink;
  beforeAll(async () => {
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => sink.stop());

  it('receives real SMTP mail and shows it in the web view', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: '探头 督查提醒 <tantou@jw.example.gov.cn>',
      to: '张三 <zhangsan@example.cn>',
      cc: 'lisi@example.cn',
      bcc: 'archive@example.cn',
      subject: '督查提醒：请于 3 日内反馈 <整改>',
      text: '您好，请及时处理。',
      messageId: '<fixed-1@tantou.test>',
    });
    await transport.sendMail({ from: 'a@example.cn', to: 'b@example.cn, c@example.cn', subject: 'second', html: '<p>hi</p>' });
    transport.close();

    const [first, second] = await sink.waitFor(() => true, { count: 2 });
    expect(sink.messages()).toHaveLength(2);
    expect(first).toMatchObject({
      messageId: '<fixed-1@tantou.test>',
      from: 'tantou@jw.example.gov.cn',
      to: ['zhangsan@example.cn'],
      cc: ['lisi@example.cn'],
      subject: '督查提醒：请于 3 日内反馈 <整改>',
      text: '您好，请及时处理。',
      envelopeTo: ['zhangsan@example.cn', 'lisi@example.cn', 'archive@example.cn'],
    });
    expect(first.html).toBeUndefined();
    expect(second).toMatchObject({ from: 'a@example.cn', to: ['b@example.cn', 'c@example.cn'], subject: 'second' });
    expect(second.html).toContain('<p>hi</p>');

    const base = `http://127.0.0.1:${sink.httpPort}`;
    const list = await (await fetch(`${base}/`)).text();
    expect(list).toContain('督查提醒：请于 3 日内反馈 &lt;整改&gt;'); // escaped, not raw markup
    expect(list.indexOf('second')).toBeLessThan(list.indexOf('督查提醒')); // newest first
    const detail = await (await fetch(`${base}/messages/0`)).text();
    expect(detail).toContain('您好，请及时处理。');
    const json = (await (await fetch(`${base}/api/messages`)).json()) as { subject: string }[];
    expect(json.map((m) => m.subject)).toEqual(['督查提醒：请于 3 日内反馈 <整改>', 'second']);
  });

  it('waitFor rejects with what did arrive', async () => {
    sink.clear();
    await expect(sink.waitFor((m) => m.subject === 'never', { timeoutMs: 200 })).rejects.toThrow(/0 received/);
  });
});

describe('mail sink with a store file (npm run dev)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tantou-mail-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const send = async (port: number, subject: string) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'a@example.cn', to: 'b@example.cn', subject, text: subject });
    transport.close();
  };

  it('keeps every mail across a restart, and the web view counts them all', async () => {
    const storePath = path.join(dir, 'mail.jsonl');
    const first = await startMailSink({ smtpPort: 0, storePath });
    await send(first.smtpPort, '第一封');
    await send(first.smtpPort, '第二封');
    await first.stop();

    const second = await startMailSink({ smtpPort: 0, httpPort: 0, storePath });
    try {
      expect(second.messages().map((m) => m.subject)).toEqual(['第一封', '第二封']);
      expect(second.messages()[0].receivedAt).toBeInstanceOf(Date);
      await send(second.smtpPort, '第三封');
      await second.waitFor((m) => m.subject === '第三封');
      const list = await (await fetch(`http://127.0.0.1:${second.httpPort}/`)).text();
      expect(list).toContain('共 3 封');
    } finally {
      await second.stop();
    }
    const third = await startMailSink({ smtpPort: 0, storePath });
    expect(third.messages().map((m) => m.subject)).toEqual(['第一封', '第二封', '第三封']);
    third.clear();
    await third.stop();
    const cleared = await startMailSink({ smtpPort: 0, storePath });
    expect(cleared.messages()).toEqual([]);
    await cleared.stop();
  });

  it('skips a line cut short by a crash mid-write', async () => {
    const storePath = path.join(dir, 'cut.jsonl');
    const sink = await startMailSink({ smtpPort: 0, storePath });
    await send(sink.smtpPort, '完整');
    await sink.stop();
    appendFileSync(storePath, '{"messageId":"<cut@x>","subj');
    const again = await startMailSink({ smtpPort: 0, storePath });
    expect(again.messages().map((m) => m.subject)).toEqual(['完整']);
    await again.stop();
  });
});

describe('mail sink when a sender dies or is held inside the SMTP exchange (npm run chaos)', () => {
  const mail = { from: 'a@example.cn', to: 'b@example.cn', text: 'x' };

  // in a process of its own: an unhandled error there ends that process, as it would end npm run dev
  it('stays up when a sender resets its connection in the middle of a mail, and keeps nothing of that mail', () => {
    const script = `
      const net = require('node:net');
      const nodemailer = require('nodemailer');
      const { startMailSink } = require(${JSON.stringify(require.resolve('../../scripts/mailSink'))});
      const answered = (socket, code) => new Promise((resolve) => socket.on('data', (d) => String(d).split('\\r\\n').some((l) => l.startsWith(code)) && resolve()));
      (async () => {
        const sink = await startMailSink({ smtpPort: 0 });
        const socket = net.connect(sink.smtpPort, '127.0.0.1');
        await answered(socket, '220');
        for (const [cmd, code] of [['EHLO x', '250 '], ['MAIL FROM:<a@example.cn>', '250'], ['RCPT TO:<b@example.cn>', '250'], ['DATA', '354']]) {
          const said = answered(socket, code);
          socket.write(cmd + '\\r\\n');
          await said;
        }
        socket.write('Subject: cut\\r\\n\\r\\nhalf a mail');
        await new Promise((r) => setTimeout(r, 100));
        socket.resetAndDestroy();
        await new Promise((r) => setTimeout(r, 300));
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false, ignoreTLS: true });
        await transport.sendMail({ from: 'a@example.cn', to: 'b@example.cn', subject: 'after', text: 'x' });
        transport.close();
        console.log(JSON.stringify(sink.messages().map((m) => m.subject)));
        await sink.stop();
      })();`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8', timeout: 60_000 });
    expect([run.status, run.stderr.match(/Error.*/)?.[0]]).toEqual([0, undefined]);
    expect(JSON.parse(run.stdout.trim())).toEqual(['after']);
  });

  it('refuses with 451 and keeps nothing when beforeAccept says no; afterAccept sees each mail it kept', async () => {
    const after: string[] = [];
    const sink = await startMailSink({
      smtpPort: 0,
      hooks: { beforeAccept: async (m) => m.subject !== 'refused', afterAccept: (m) => after.push(m.subject) },
    });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false, ignoreTLS: true });
    try {
      await expect(transport.sendMail({ ...mail, subject: 'refused' })).rejects.toMatchObject({ responseCode: 451 });
      await transport.sendMail({ ...mail, subject: 'kept' });
      expect(sink.messages().map((m) => m.subject)).toEqual(['kept']);
      expect(after).toEqual(['kept']);
    } finally {
      transport.close();
      await sink.stop();
    }
  });
});
