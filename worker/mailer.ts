import net from 'node:net';
import tls from 'node:tls';
import nodemailer, { type Transporter } from 'nodemailer';

export interface SmtpSettings {
  host: string;
  port: number;
  /** implicit TLS (port 465); otherwise plain, upgraded by STARTTLS when the server offers it */
  secure?: boolean;
  user?: string;
  password?: string;
  /** connections kept open and reused; 0: a new connection per email */
  poolConnections?: number;
}

/**
 * The SMTP transport sendEmail delivers through. Its sockets run with Nagle's algorithm off: SMTP
 * writes each command in small pieces, and against a server's delayed ACK every exchange waited
 * about 40 ms, which held one connection to 22 mails/s on loopback (817 with no delay).
 */
export function createMailer(smtp: SmtpSettings): Transporter {
  const { host, port, secure = false } = smtp;
  return nodemailer.createTransport({
    host,
    port,
    secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    // reused connections: a connection and greeting per email held a burst of escalations to the sink's accept rate
    ...(smtp.poolConnections && { pool: true, maxConnections: smtp.poolConnections }),
    // inside sendEmail's 10 s start-to-close: an attempt Temporal has given up on must not deliver later
    connectionTimeout: 4_000,
    greetingTimeout: 3_000,
    socketTimeout: 8_000,
    // handed over before it has connected, so a refused or silent connection fails inside nodemailer's
    // own connection handling: failed through this callback instead, each took a pool slot for good,
    // and after an outage of as many attempts as slots no mail went out again
    getSocket: (_options: unknown, callback: (err: Error | null, socketOptions?: object) => void) => {
      const socket = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
      socket.setNoDelay(true);
      // `secured`: nodemailer does not wrap TLS a second time
      callback(null, { connection: socket, secured: secure });
    },
  });
}
