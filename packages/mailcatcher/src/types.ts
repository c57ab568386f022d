export type CaughtAttachment = {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
};

export type CaughtMessage = {
  id: string;
  /** The From header as written by the sender, or the envelope sender when the header is missing. */
  from: string;
  /** Envelope recipients: everyone the message was delivered to, Bcc included. */
  to: string[];
  subject: string;
  /** When the mail catcher received the message (the Date header can be missing or wrong). */
  date: Date;
  text: string;
  html: string | null;
  /** Header names in lower case; repeated headers are joined with a newline. */
  headers: Record<string, string>;
  attachments: CaughtAttachment[];
};

export type MessagePredicate = (message: CaughtMessage) => boolean;
