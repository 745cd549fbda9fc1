import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

/** What activities need from the outside world; built once by the worker (or a test). */
export interface ActivityDeps {
  db: PrismaClient;
  mailer: Transporter;
  temporal: Client;
  logger: Logger;
  settings: {
    mailFrom: string;
    publicBaseUrl: string;
    temporalUiUrl: string;
    namespace: string;
  };
}
