// Checks that websocket-session.d.ts declares exactly what websocket-session.js exports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import * as mod from "../src/websocket-session.js";

const dts = await readFile(new URL("../src/websocket-session.d.ts", import.meta.url), "utf8");

test("d.ts declares exactly the runtime exports", () => {
  const declared = new Set(
    [...dts.matchAll(/^export declare (?:const|function|class) (\w+)/gm)].map((m) => m[1]),
  );
  if (/^export default \w+;/m.test(dts)) declared.add("default");
  assert.deepEqual([...declared].sort(), Object.keys(mod).sort());
  assert.equal(mod.default, mod.connectSession);
});

test("d.ts class members match the public WebSocketSession prototype", () => {
  const body = dts.match(/export declare class WebSocketSession \{([\s\S]*?)\n\}/)[1];
  const members = new Set(
    [...body.matchAll(/^ {2}(?:readonly )?(\w+)[(?:]/gm)]
      .map((m) => m[1])
      .filter((n) => n !== "constructor"),
  );
  const runtime = Object.getOwnPropertyNames(mod.WebSocketSession.prototype).filter(
    (n) => n !== "constructor" && !n.startsWith("_"),
  );
  assert.deepEqual([...members].sort(), runtime.sort());
});

test("d.ts option names match the options the runtime reads", async () => {
  const src = await readFile(new URL("../src/websocket-session.js", import.meta.url), "utf8");
  const optBody = dts.match(/export interface SessionOptions \{([\s\S]*?)\n\}/)[1];
  const declared = [...optBody.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]).sort();
  const read = new Set([...src.matchAll(/options\.(\w+)/g)].map((m) => m[1]));
  for (const m of src.matchAll(/\["(on\w+)", "\w+"\]/g)) read.add(m[1]);
  assert.deepEqual(declared, [...read].sort());

  const recBody = dts.match(/export interface ReconnectOptions \{([\s\S]*?)\n\}/)[1];
  const recDeclared = [...recBody.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]).sort();
  assert.deepEqual(recDeclared, Object.keys(mod.DEFAULT_RECONNECT).sort());
});
