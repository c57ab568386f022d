import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createWorker, type Worker } from "tesseract.js";

/**
 * Offline OCR: tesseract.js (WebAssembly) with the English model from the `@tesseract.js-data/eng` npm package, so
 * reading a receipt needs no network. One engine per process, created on first use and kept (its start-up costs
 * about two seconds); it reads one image at a time.
 */
export interface OcrEngine {
  recognise(image: Uint8Array): Promise<{ text: string; confidence: number }>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The folder holding `eng.traineddata.gz` (the integer "best" model: accurate and small). */
export function englishModelPath(): string {
  return join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
}

export function createTesseractEngine(): OcrEngine {
  let worker: Promise<Worker> | null = null;
  const start = () => {
    worker ??= createWorker("eng", 1, {
      langPath: englishModelPath(),
      gzip: true,
      // Never write a cache or fetch anything: the model is read from node_modules each start.
      cacheMethod: "none",
    }).catch((error: unknown) => {
      worker = null;
      throw error;
    });
    return worker;
  };
  return {
    async recognise(image) {
      const { data } = await (await start()).recognize(Buffer.from(image));
      return { text: data.text, confidence: Math.max(0, Math.min(1, data.confidence / 100)) };
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await (await running).terminate();
    },
  };
}
