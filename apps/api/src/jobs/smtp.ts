import type { MailTransport } from "@lk/core";
import type { Transporter } from "nodemailer";

/**
 * The outbox's MailTransport over a nodemailer transporter (SMTP in production): the text and any
 * attachments (the fiscal receipt's PDF) as they are.
 */
export const nodemailerSend =
  (transport: Transporter, from: string): MailTransport =>
  async (m) => {
    await transport.sendMail({
      from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      attachments: m.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
    });
  };
