// A real local SMTP server that keeps every mail it receives, for `npm run dev` and the tests: the app
// sends through real SMTP exactly as in production, and people (web view) or tests (waitFor) read
// what arrived. It accepts any sender, recipient and credentials; nothing is relayed. In memory by
// default (tests); with `storePath` (`npm run dev`) every mail is also appended to that file as one
// JSON line, and read back at the next start, so a long demo's mails can all be counted.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html?: string;
  date: Date;
  receivedAt: Date;
  /** RCPT TO addresses: includes Bcc, which no header shows. */
  envelopeTo: string[];
}

export interface MailSink {
  smtpPort: number;
  httpPort?: number;
  messages(): ReceivedMail[];
  waitFor(predicate: (m: ReceivedMail) => boolean, opts?: { timeoutMs?: number; count?: number }): Promise<ReceivedMail[]>;
  clear: () => void;
  stop: () => Promise<void>;
}

/** npm run chaos: a crash of the sender inside the SMTP exchange, just before or just after the 250. */
export interface AcceptHooks {
  /** before the mail is kept and answered; false: answer 451 and keep nothing (the sender never heard a 250) */
  beforeAccept?: (mail: ReceivedMail) => Promise<boolean>;
  /** right after the 250 went out */
  afterAccept?: (mail: ReceivedMail) => void;
}

export async function startMailSink(opts: { smtpPort?: number; httpPort?: number; host?: string; storePath?: string; hooks?: AcceptHooks } = {}): Promise<MailSink> {
  const host = opts.host ?? '127.0.0.1';
  const store = opts.storePath;
  const received: ReceivedMail[] = store ? readStore(store) : [];
  const listeners = new Set<() => void>();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000, // do not hold stop() for 30 s because a pooled client keeps its connection
    onAuth: (_auth, _session, cb) => cb(null, { user: 'anyone' }),
    onData: (stream, session, cb) => {
      simpleParser(stream).then((parsed) => {
        const mail: ReceivedMail = {
          messageId: parsed.messageId ?? '',
          from: addresses(parsed.from)[0] ?? '',
          to: addresses(parsed.to),
          cc: addresses(parsed.cc),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: parsed.html || undefined,
          date: parsed.date ?? new Date(),
          receivedAt: new Date(),
          envelopeTo: session.envelope.rcptTo.map((a) => a.address),
        };
        return (opts.hooks?.beforeAccept?.(mail) ?? Promise.resolve(true)).then((accept) => {
          if (!accept) throw Object.assign(new Error('try again later'), { responseCode: 451 });
          if (store) appendFileSync(store, `${JSON.stringify(mail)}\n`); // before the 250: an accepted mail is on disk
          received.push(mail);
          listeners.forEach((l) => l());
          return mail;
        });
      }).then((mail) => {
        cb();
        opts.hooks?.afterAccept?.(mail);
      }, (e: Error) => cb(e));
    },
  });
  // a sender that dies mid-mail (a worker killed inside sendEmail) resets its connection: that mail was
  // never accepted and is resent; unhandled, the reset would take the sink (and npm run dev) down
  smtp.on('error', () => undefined);
  const smtpPort = await listen(smtp.server, opts.smtpPort ?? 0, host);
  const web = opts.httpPort === undefined ? undefined : http.createServer((req, res) => serveWeb(received, req, res));
  const httpPort = web && (await listen(web, opts.httpPort!, host));

  return {
    smtpPort,
    httpPort,
    messages: () => [...received],
    clear: () => {
      received.splice(0);
      if (store) writeFileSync(store, '');
    },
    waitFor: (predicate, { timeoutMs = 10_000, count = 1 } = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const matches = received.filter(predicate);
          if (matches.length < count) return false;
          done();
          resolve(matches);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          const got = received.map((m) => `  - ${m.subject} (to ${m.envelopeTo.join(', ')}, ${m.messageId})`);
          reject(new Error(`mail sink: ${count} matching mail(s) not received within ${timeoutMs} ms; ` +
            `${received.length} received:\n${got.join('\n') || '  (none)'}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        if (!check()) listeners.add(check);
      }),
    stop: async () => {
      web?.closeAllConnections();
      await Promise.all([new Promise<void>((r) => smtp.close(r)), web && new Promise((r) => web.close(r))]);
    },
  };
}

/**
 * The mails a previous run appended to `file` (one JSON object a line); none when it does not exist
 * yet. A line cut short by a crash mid-write is skipped: that mail was never acknowledged, so the
 * sender sent it again.
 */
function readStore(file: string): ReceivedMail[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const m = JSON.parse(line) as ReceivedMail & { date: string; receivedAt: string };
        return [{ ...m, date: new Date(m.date), receivedAt: new Date(m.receivedAt) }];
      } catch {
        return [];
      }
    });
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

// ---- web view (zh-CN) -------------------------------------------------------------------------
const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const time = (d: Date): string => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function page(title: string, body: string, refresh = false): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${refresh ? '<meta http-equiv="refresh" content="5">' : ''}
<title>${esc(title)}</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}</style>
</head><body>${body}</body></html>`;
}

function serveWeb(received: ReceivedMail[], req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8` }).end(body);
  };
  if (url.pathname === '/api/messages') return send(200, 'application/json', JSON.stringify(received));
  if (url.pathname === '/') {
    const rows = received
      .map((m, i) => ({ m, i }))
      .reverse()
      .map(({ m, i }) => `<tr><td>${esc(time(m.receivedAt))}</td><td>${esc(m.from)}</td><td>${esc(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${i}">${esc(m.subject || '(无主题)')}</a></td><td>${esc(m.messageId)}</td></tr>`);
    const table = rows.length
      ? `<table><tr><th>收到时间</th><th>发件人</th><th>收件人</th><th>主题</th><th>Message-ID</th></tr>${rows.join('')}</table>`
      : '<p>尚未收到邮件。</p>';
    return send(200, 'text/html', page('本地邮件', `<h1>本地邮件（共 ${received.length} 封）</h1>${table}`, true));
  }
  const m = /^\/messages\/(\d+)$/.exec(url.pathname);
  const mail = m ? received[Number(m[1])] : undefined;
  if (!mail) return send(404, 'text/html', page('未找到', '<p>未找到该邮件。<a href="/">返回列表</a></p>'));
  const fields: [string, string][] = [
    ['主题', mail.subject], ['发件人', mail.from], ['收件人', mail.to.join(', ')], ['抄送', mail.cc.join(', ')],
    ['信封收件人', mail.envelopeTo.join(', ')], ['日期', time(mail.date)], ['收到时间', time(mail.receivedAt)],
    ['Message-ID', mail.messageId],
  ];
  const head = fields.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('');
  send(200, 'text/html', page(mail.subject, `<p><a href="/">← 返回列表</a></p><table>${head}</table><pre>${esc(mail.text)}</pre>`));
}
