export { type MailCatcher, type MailCatcherOptions, PortInUseError, startMailCatcher } from "./mail-catcher";
export type { WaitOptions } from "./message-store";
export type { CaughtAttachment, CaughtMessage, MessagePredicate } from "./types";
