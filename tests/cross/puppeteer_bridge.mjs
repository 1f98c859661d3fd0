// Firefox for the cross-engine tests: puppeteer-core drives a system Firefox (Debian's
// firefox-esr) over WebDriver BiDi; Python (tests/cross/engines.py) sends one JSON command
// per line on stdin and reads one JSON answer per line on stdout.
//
//   node tests/cross/puppeteer_bridge.mjs /usr/bin/firefox-esr
//   -> {"ready": true, "version": "firefox/153.8.0"}
//   <- {"id": 1, "op": "open", "url": "http://localhost:8123/", "allowed": "http://localhost:8123"}
//   -> {"id": 1, "ok": true, "value": null}
//
// Operations: open (a new tab; closes the previous one), evaluate (a function's source and
// one JSON argument), reload, type (trusted key presses into a field), problems (console
// errors, page errors, CSP violations and requests outside `allowed`, drained), close.
import process from "node:process";
import readline from "node:readline";

import puppeteer from "puppeteer-core";

const CSP_PROBE = () => {
  document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
  );
};

const executablePath = process.argv[2];
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  // No updates, telemetry or other background traffic; none can reach the network anyway.
  extraPrefsFirefox: {
    "app.update.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
  },
});
let page = null;
let problems = [];

function outside(url, allowed) {
  const scheme = url.split(":", 1)[0];
  if (["data", "blob", "about"].includes(scheme)) return false;
  return !(url === allowed || url.startsWith(allowed.endsWith("/") ? allowed : `${allowed}/`)
    || url.split("#", 1)[0] === allowed);
}

const ops = {
  async open({ url, allowed }) {
    if (page) await page.close();
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message ?? error}`));
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (outside(request.url(), allowed)) {
        problems.push(`request to another origin: ${request.url()}`);
        request.abort("blockedbyclient");
      } else {
        request.continue();
      }
    });
    await page.evaluateOnNewDocument(CSP_PROBE);
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: 120_000 });
    return null;
  },
  async evaluate({ fn, arg }) {
    return await page.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`);
  },
  async reload() {
    await page.reload({ waitUntil: "domcontentloaded", timeout: 120_000 });
    return null;
  },
  async type({ selector, text }) {
    await page.evaluate((s) => {
      const element = document.querySelector(s);
      element.focus();
      element.select();
    }, selector);
    await page.keyboard.type(text);
    return null;
  },
  async problems() {
    const found = problems;
    problems = [];
    return found;
  },
  async close() {
    await browser.close();
    return null;
  },
};

const send = (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`);
send({ ready: true, version: await browser.version() });
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, op, ...args } = JSON.parse(line);
  try {
    send({ id, ok: true, value: (await ops[op](args)) ?? null });
  } catch (error) {
    send({ id, ok: false, error: String(error?.stack ?? error) });
  }
  if (op === "close") break;
}
await browser.close().catch(() => {});
process.exit(0);
