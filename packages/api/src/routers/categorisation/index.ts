import { createTRPCRouter } from "../../trpc";
import { reviewRouter } from "./review";
import { rulesRouter } from "./rules";
import { runsRouter } from "./runs";

/** Categorisation that learns: the business's rules, the Review queue, and "categorise all" runs. */
export const categorisationRouter = createTRPCRouter({
  rules: rulesRouter,
  review: reviewRouter,
  runs: runsRouter,
});
