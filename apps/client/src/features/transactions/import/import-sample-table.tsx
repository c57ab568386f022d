import { Table, TD, TH, THead, TR } from "../../../ui/table";
import type { Preview } from "./use-import-wizard";

/** The file's first rows as they are, so the columns can be recognised. */
export function ImportSampleTable({ preview }: { preview: Preview }) {
  return (
    <div className="max-h-48 overflow-auto rounded-md border border-ink-200">
      <Table>
        <THead>
          <TR>
            {preview.headers.map((header, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <TH key={index}>{header}</TH>
            ))}
          </TR>
        </THead>
        <tbody>
          {preview.sampleRows.slice(0, 5).map((row, rowIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: sample rows are positional
            <TR key={rowIndex}>
              {preview.headers.map((_, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <TD key={index} className="text-[13px] whitespace-nowrap">
                  {row[index]}
                </TD>
              ))}
            </TR>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
