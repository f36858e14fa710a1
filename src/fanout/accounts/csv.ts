// RFC 4180 records with the line each starts on: quoted fields may hold commas, quotes ("")
// and line breaks; CRLF and LF both end a record.

/** One record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits `text` into records; `fail(line, message)` makes the error for a malformed one. */
export function parseCsvRecords(text: string, fail: (line: number, message: string) => Error): CsvRecord[] {
  const records: CsvRecord[] = [];
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let line = 1;
  let start = 1;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let afterQuote = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === "\"" && body[i + 1] === "\"") {
        field += "\"";
        i++;
      } else if (ch === "\"") {
        quoted = false;
        afterQuote = true;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === "\"") {
      if (field.trim() !== "" || afterQuote) throw fail(line, "a quote inside an unquoted field");
      field = "";
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      afterQuote = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = "";
      afterQuote = false;
      line++;
      start = line;
    } else {
      if (afterQuote && ch.trim() !== "") throw fail(line, "text after a closing quote");
      field += ch;
    }
  }
  if (quoted) throw fail(start, "a quoted field is not closed");
  if (field !== "" || fields.length > 0) records.push({ line: start, fields: [...fields, field] });
  return records;
}
