// KAVI the assistant, the pure half: reading questions (English, Kiswahili and the two mixed), the tools'
// contract, and answers from templates. The API runs the tools as the caller; nothing here does I/O.
export * from "./actions";
export * from "./answers";
export * from "./brain";
export * from "./contracts";
export * from "./grounding";
export * from "./language";
export * from "./lexicon";
export * from "./money-words";
export * from "./parse";
export * from "./periods";
