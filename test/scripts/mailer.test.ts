// The worker's SMTP transport (worker/mailer.ts) against the real local SMTP sink: an outage longer
// than its pool, and back.
import { startMailSink } from '../../scripts/mailSink';
import { createMailer } from '../../worker/mailer';

const mail = (i: number) => ({ from: 'tantou@test.tantou.local', to: 'contact@test.tantou.local', subject: `第${i}封`, text: '测试' });

it('refuses every email while the SMTP server is down, more of them than its pool has connections, and sends again once it is back', async () => {
  let sink = await startMailSink({ smtpPort: 0 });
  const port = sink.smtpPort;
  const mailer = createMailer({ host: '127.0.0.1', port, poolConnections: 2 });
  try {
    await mailer.sendMail(mail(0));
    await sink.stop();
    const down = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => mailer.sendMail(mail(i + 1))));
    expect(down.map((r) => r.status)).toEqual(Array(6).fill('rejected'));
    expect(String((down[0] as PromiseRejectedResult).reason)).toMatch(/ECONNREFUSED/);
    sink = await startMailSink({ smtpPort: port });
    await Promise.all([7, 8, 9].map((i) => mailer.sendMail(mail(i))));
    expect(sink.messages().map((m) => m.subject).sort()).toEqual(['第7封', '第8封', '第9封']);
  } finally {
    mailer.close();
    await sink.stop();
  }
}, 30_000);
