// Rewrites every block marked `<!-- include: path -->` in README.md and docs/*.md with the
// current text of that file. Run after editing an example: node test/docs/sync-includes.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const docs = ["README.md", ...readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md")).map((n) => `docs/${n}`)];
const block = /(<!--\s*include:\s*(\S+)\s*-->\n```\w*\n)[\s\S]*?\n```\n/g;
for (const doc of docs) {
  const path = join(root, doc);
  const text = readFileSync(path, "utf8");
  const synced = text.replace(block, (_, head, file) => `${head}${readFileSync(join(root, file), "utf8")}\`\`\`\n`);
  if (synced !== text) {
    writeFileSync(path, synced);
    console.log(`updated ${doc}`);
  }
}
