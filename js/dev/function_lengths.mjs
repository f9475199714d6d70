// The longest functions of a source tree, by raw lines (blank and comment lines included):
// node dev/function_lengths.mjs [dir=src] [n=10]. Lint bounds them at 80 (eslint.config.js,
// max-lines-per-function, counted the same way).
import { Linter } from "eslint";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const dir = process.argv[2] || join(import.meta.dirname, "..", "src");
const n = Number(process.argv[3] || 10);
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const linter = new Linter();
const config = [{ languageOptions: { ecmaVersion: 2022, sourceType: "module" }, rules: { "max-lines-per-function": ["error", { max: 1, IIFEs: true }] } }];
const found = [];
for (const f of walk(dir).filter((f) => f.endsWith(".js"))) {
  for (const m of linter.verify(readFileSync(f, "utf8"), config, "file.js")) {
    const hit = /Function(?: '([^']+)')? has too many lines \((\d+)\)/.exec(m.message);
    if (hit) found.push({ lines: Number(hit[2]), name: hit[1] || "(anonymous)", where: `${relative(dir, f)}:${m.line}` });
  }
}
found.sort((a, b) => b.lines - a.lines);
for (const x of found.slice(0, n)) console.log(String(x.lines).padStart(4), x.name.padEnd(22), x.where);
