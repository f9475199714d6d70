// npm run build → ../lime_widgets/static/{widget.js, standalone.js, widget.css}
import * as esbuild from "esbuild";
import { mkdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "lime_widgets", "static");
mkdirSync(out, { recursive: true });

// The bundle needs only each trait's name and update ("live" / "struct") from the schema; its docs
// and TypeScript types are for PROTOCOL.md and the type check. Same shape, { traits: [{ name, update }] },
// written compactly.
const schemaSlim = {
  name: "schema-slim",
  setup(build) {
    build.onLoad({ filter: /schema\.gen\.json$/ }, async (args) => {
      const { traits } = JSON.parse(await readFile(args.path, "utf8"));
      // the names of the live and of the struct traits, each list one space-separated string (trait names are identifiers)
      const names = (u) => JSON.stringify(traits.filter((t) => t.update === u).map((t) => t.name).join(" "));
      return {
        contents: `export default { traits: ["live", "struct"].flatMap((update, i) => [${names("live")}, ${names("struct")}][i].split(" ").map((name) => ({ name, update }))) };`,
        loader: "js",
      };
    });
  },
};

const common = {
  plugins: [schemaSlim],
  bundle: true,
  minify: true,
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  logLevel: "warning",
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(here, "src/widget.js")], format: "esm", outfile: join(out, "widget.js") }),
  esbuild.build({ ...common, entryPoints: [join(here, "src/standalone.js")], format: "iife", outfile: join(out, "standalone.js") }),
  esbuild.build({ ...common, entryPoints: [join(here, "src/styles.css")], outfile: join(out, "widget.css") }),
]);

for (const f of ["widget.js", "standalone.js", "widget.css"]) {
  console.log(`${f.padEnd(14)} ${(statSync(join(out, f)).size / 1024).toFixed(1)} KB`);
}
