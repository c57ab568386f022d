import { type ToolCall, ungroundedFigures } from "@kavi/insights/assistant";

/** What the SPA receives while an answer is produced (the last event is always the whole answer). */
export type TAskStreamEvent<TAnswer> =
  | { type: "text"; text: string }
  /** Forget the text shown so far: it is being replaced (by the offline brain's answer). */
  | { type: "restart" }
  | { type: "answer"; answer: TAnswer };

/**
 * The grounding guard, while the text streams: a model's words go out only up to the last whole word whose
 * figures all come from this turn's tool results, so a figure the tools never gave is never shown, not even
 * for a moment. Once a prefix fails, nothing more goes out; the caller then replaces the answer.
 */
export class GroundedStream {
  private text = "";
  private sent = 0;
  private held = false;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly calls: () => readonly ToolCall[],
    private readonly given: readonly string[],
  ) {}

  readonly push = (delta: string): void => {
    this.text += delta;
    const boundary = Math.max(this.text.lastIndexOf(" "), this.text.lastIndexOf("\n"));
    if (boundary > this.sent) this.flushTo(boundary);
  };

  /** The answer passed the guard: send the rest. */
  finish(): void {
    this.flushTo(this.text.length);
  }

  /** Whether any of the model's text went out (the SPA must then be told to forget it). */
  get started(): boolean {
    return this.sent > 0;
  }

  private flushTo(end: number): void {
    if (this.held || end <= this.sent) return;
    const prefix = this.text.slice(0, end);
    if (ungroundedFigures(prefix, this.calls(), this.given).length > 0) {
      this.held = true;
      return;
    }
    this.emit(this.text.slice(this.sent, end));
    this.sent = end;
  }
}
