/**
 * Every failure the client reports says whether Daraja may have accepted the request.
 * `mayHaveBeenAccepted: true` means "outcome unknown": do not send it again, settle it by query or callback.
 */

export type DarajaOperation =
  | "oauth"
  | "stkPush"
  | "stkQuery"
  | "c2bRegister"
  | "c2bSimulate"
  | "b2c"
  | "transactionStatus"
  | "accountBalance"
  | "reversal";

export abstract class DarajaClientError extends Error {
  abstract readonly mayHaveBeenAccepted: boolean;
  readonly operation: DarajaOperation;

  constructor(operation: DarajaOperation, message: string, options?: ErrorOptions) {
    super(message, options);
    this.operation = operation;
  }
}

export interface DarajaErrorDetails {
  operation: DarajaOperation;
  httpStatus: number;
  errorCode: string;
  errorMessage: string;
  requestId: string | undefined;
}

/** Daraja answered with its error envelope: the request was rejected, nothing was done. */
export class DarajaError extends DarajaClientError {
  override name = "DarajaError";
  readonly mayHaveBeenAccepted = false;
  readonly httpStatus: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly requestId: string | undefined;

  constructor(details: DarajaErrorDetails) {
    super(
      details.operation,
      `Daraja ${details.operation} failed: ${details.errorCode} ${details.errorMessage} (HTTP ${details.httpStatus})`,
    );
    this.httpStatus = details.httpStatus;
    this.errorCode = details.errorCode;
    this.errorMessage = details.errorMessage;
    this.requestId = details.requestId;
  }
}

export interface DarajaValidationIssue {
  field: string;
  message: string;
}

/** The request was refused locally, before anything was sent. */
export class DarajaValidationError extends DarajaClientError {
  override name = "DarajaValidationError";
  readonly mayHaveBeenAccepted = false;
  readonly issues: readonly DarajaValidationIssue[];

  constructor(operation: DarajaOperation, issues: readonly DarajaValidationIssue[]) {
    super(
      operation,
      `Invalid ${operation} request: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`,
    );
    this.issues = issues;
  }
}

/** No reply within the timeout. Once the body was sent, Daraja may be processing it. */
export class DarajaTimeoutError extends DarajaClientError {
  override name = "DarajaTimeoutError";
  readonly mayHaveBeenAccepted: boolean;
  readonly timeoutMs: number;

  constructor(
    operation: DarajaOperation,
    timeoutMs: number,
    mayHaveBeenAccepted: boolean,
    options?: ErrorOptions,
  ) {
    super(
      operation,
      mayHaveBeenAccepted
        ? `Daraja ${operation} did not answer within ${timeoutMs} ms; the outcome is unknown, settle it by query or callback instead of sending it again`
        : `Daraja ${operation} did not answer within ${timeoutMs} ms`,
      options,
    );
    this.timeoutMs = timeoutMs;
    this.mayHaveBeenAccepted = mayHaveBeenAccepted;
  }
}

/** The connection failed. `mayHaveBeenAccepted` is false only when the request provably never left. */
export class DarajaNetworkError extends DarajaClientError {
  override name = "DarajaNetworkError";
  readonly mayHaveBeenAccepted: boolean;

  constructor(operation: DarajaOperation, mayHaveBeenAccepted: boolean, options?: ErrorOptions) {
    super(
      operation,
      mayHaveBeenAccepted
        ? `Daraja ${operation}: the connection failed after the request was sent; the outcome is unknown`
        : `Daraja ${operation}: could not connect to Daraja`,
      options,
    );
    this.mayHaveBeenAccepted = mayHaveBeenAccepted;
  }
}

/** Daraja answered something that is neither its success shape nor its error envelope. */
export class DarajaUnexpectedResponseError extends DarajaClientError {
  override name = "DarajaUnexpectedResponseError";
  readonly mayHaveBeenAccepted: boolean;
  readonly httpStatus: number;
  readonly body: string;

  constructor(operation: DarajaOperation, httpStatus: number, body: string, mayHaveBeenAccepted: boolean) {
    super(
      operation,
      `Daraja ${operation} answered HTTP ${httpStatus} with an unexpected body${mayHaveBeenAccepted ? "; the outcome is unknown" : ""}`,
    );
    this.httpStatus = httpStatus;
    this.body = body.slice(0, 2000);
    this.mayHaveBeenAccepted = mayHaveBeenAccepted;
  }
}

/** True when the request may have been carried out: resolve it by query or callback, never by resending. */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof DarajaClientError && error.mayHaveBeenAccepted;
}
