import type { C2bEvent } from "./c2b";
import type {
  AccountBalanceResultEvent,
  B2cResultEvent,
  QueueTimeoutEvent,
  ReversalResultEvent,
  TransactionStatusResultEvent,
} from "./results";
import type { StkCallbackEvent } from "./stk";

export type DarajaCallbackEvent =
  | StkCallbackEvent
  | C2bEvent
  | B2cResultEvent
  | TransactionStatusResultEvent
  | AccountBalanceResultEvent
  | ReversalResultEvent
  | QueueTimeoutEvent;

/**
 * The id Daraja repeats when it delivers the same callback again: CheckoutRequestID (STK), TransID (C2B),
 * ConversationID, else OriginatorConversationID (results and timeouts).
 * Unique within one kind of callback only: a C2B validation and its confirmation share a TransID, and a
 * payout's timeout and result share a ConversationID. Store it beside the callback kind.
 */
export function dedupeKeyOf(event: DarajaCallbackEvent): string {
  switch (event.kind) {
    case "stk":
      return event.checkoutRequestId;
    case "c2b":
      return event.transId;
    default:
      return event.conversationId || event.originatorConversationId;
  }
}
