/* Runs the phone script (templates/field/phone.js) in Node with a minimal page around it, a network
   that never answers, then one that answers: prints what the engineer would see, as JSON.
   Used by tests/integration/test_field_phone_page.py (no browser needed). */
const fs = require("fs");

const source = fs.readFileSync(process.argv[2], "utf8").replace("{% raw %}", "").replace("{% endraw %}", "");
const delays = [];
const realTimeout = setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => { delays.push(ms); return realTimeout(fn, Math.min(ms, 20), ...args); };
globalThis.setInterval = () => 0;

const store = {};
globalThis.localStorage = { getItem: (k) => (k in store ? store[k] : null), setItem: (k, v) => { store[k] = String(v); } };
const elements = {};
function element(id) {
	return { id, className: "", textContent: "", innerHTML: "", hidden: false, style: {}, dataset: {}, children: [],
		appendChild(child) { this.children.push(child); }, append(...kids) { this.children.push(...kids); } };
}
const doc = new EventTarget();
doc.getElementById = (id) => elements[id] || (elements[id] = element(id));
doc.createElement = (tag) => element(tag);
globalThis.document = doc;
const win = new EventTarget();
win.FIELD = { csrf: "x", user: "engineer@example.com", labels: {}, precache: [] };
win.crypto = globalThis.crypto;
globalThis.window = win;
Object.defineProperty(globalThis, "navigator", { value: { onLine: true }, configurable: true });

let answer = null; /* null: the network swallows the request */
let sent = 0;
globalThis.fetch = (url, options) => new Promise((resolve, reject) => {
	sent += 1;
	options.signal.addEventListener("abort", () => reject(new Error("aborted")));
	if (answer) resolve({ ok: true, status: 200, json: async () => answer });
});

eval(source);

(async () => {
	const state = () => ({ text: elements["sync-state"].textContent, waiting: elements["sync-state"].dataset.waiting });
	const queue = () => JSON.parse(store["b2b_field_queue:engineer@example.com"] || "[]");
	const out = {};
	out.outcome = await window.fieldPhone.act("start_trip", "ST-1", {}, "Trip started");
	out.after_timeout = { state: state(), queued: queue().map((q) => [q.ticket, q.action, q.state]), toast: elements.toast.textContent };
	out.request_timeouts = delays.filter((ms) => ms >= 1000 && ms !== 3000 && ms !== 8000);
	await window.fieldPhone.act("end_trip", "ST-1", {}, "Trip ended");
	out.two_waiting = state();
	answer = { message: { ok: true } };
	await window.fieldPhone.flush();
	out.after_answer = { state: state(), queued: queue().length, sent };
	console.log(JSON.stringify(out));
})();
