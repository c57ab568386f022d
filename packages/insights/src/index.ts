// The models behind KAVI's intelligence (cash-flow forecast, credit score, categorisation): pure functions from
// inputs the services gather to outputs a person can check. No I/O here, so they run in tests, benchmarks and
// the worker alike.

export * from "./categorise";
export * from "./credit";
export * from "./forecast";
