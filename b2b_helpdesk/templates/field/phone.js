{% raw %}
/* The engineer's phone: every action is queued with a key, sent when online, replayed until answered.
   The server applies a key once (Field Action Log), so a resend after a lost answer does nothing twice.
   A refusal (e.g. the ticket was closed meanwhile) stays in the list as a conflict until dismissed. */
(function () {
	const F = window.FIELD;
	const T = (key) => (F.labels && F.labels[key]) || key;
	const QUEUE_KEY = "b2b_field_queue:" + F.user;
	/* A request still unanswered after this long counts as offline: the action stays queued (the
	   server applies its key once, so the resend after a slow answer does nothing twice). */
	const REQUEST_TIMEOUT_MS = 20000;
	let flushing = false;

	function load() {
		try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
	}
	function save(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); render(); }
	function newKey() {
		if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
		return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
	}
	function localNow() {
		const d = new Date(), p = (n) => String(n).padStart(2, "0");
		return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
	}
	function toast(text, error) {
		const el = document.getElementById("toast");
		el.textContent = text;
		el.className = "toast" + (error ? " error" : "");
		el.style.display = "block";
		clearTimeout(toast.timer);
		toast.timer = setTimeout(() => { el.style.display = "none"; }, error ? 8000 : 3000);
	}
	/* A count in a whole sentence of its own: "1 conflict", "{0} conflicts". */
	function counted(n, one, many) {
		return n === 1 ? T(one) : T(many).replace("{0}", n);
	}
	function serverMessage(body) {
		try {
			const messages = JSON.parse(body._server_messages || "[]").map((m) => {
				try { return JSON.parse(m).message; } catch (e) { return m; }
			});
			const text = messages.join(" ") || body.exception || body.exc_type || "";
			const div = document.createElement("div");
			div.innerHTML = text;
			return div.textContent.trim() || T("The server refused this action");
		} catch (e) { return T("The server refused this action"); }
	}

	function render() {
		const queue = load();
		const state = document.getElementById("sync-state");
		const waiting = queue.filter((q) => q.state !== "conflict").length;
		const conflicts = queue.length - waiting;
		if (conflicts) { state.className = "sync conflict"; state.textContent = counted(conflicts, "1 conflict", "{0} conflicts"); }
		else if (waiting) { state.className = "sync waiting"; state.textContent = counted(waiting, "1 waiting to sync", "{0} waiting to sync"); }
		else if (!navigator.onLine) { state.className = "sync offline"; state.textContent = T("Offline"); }
		else { state.className = "sync"; state.textContent = T("Synced"); }
		state.dataset.waiting = waiting;
		state.dataset.conflicts = conflicts;
		const card = document.getElementById("queue-card"), list = document.getElementById("queue-list");
		card.hidden = !queue.length;
		list.innerHTML = "";
		queue.forEach((item) => {
			const li = document.createElement("li");
			li.className = item.state === "conflict" ? "conflict" : "waiting";
			li.dataset.key = item.key;
			const what = document.createElement("div");
			what.textContent = `${item.at.slice(11, 16)} · ${item.ticket} · ${item.label}`;
			li.appendChild(what);
			const note = document.createElement("div");
			note.className = "muted";
			note.textContent = item.state === "conflict" ? T("Conflict") + ": " + item.message : T("Waiting to sync");
			li.appendChild(note);
			if (item.state === "conflict") {
				const row = document.createElement("div");
				row.className = "row";
				const retry = document.createElement("button");
				retry.className = "btn light"; retry.textContent = T("Try again");
				retry.onclick = () => { const q = load(); q.forEach((x) => { if (x.key === item.key) x.state = "waiting"; }); save(q); flush(); };
				const drop = document.createElement("button");
				drop.className = "btn light"; drop.textContent = T("Dismiss");
				drop.onclick = () => save(load().filter((x) => x.key !== item.key));
				row.append(retry, drop);
				li.appendChild(row);
			}
			list.appendChild(li);
		});
	}

	async function send(item) {
		let response;
		const abort = new AbortController();
		const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS); /* aborted: counts as offline, stays queued */
		try {
			response = await fetch("/api/method/b2b_helpdesk.api.field.perform", {
				method: "POST",
				signal: abort.signal,
				credentials: "same-origin",
				headers: { "Content-Type": "application/json", Accept: "application/json", "X-Frappe-CSRF-Token": F.csrf },
				body: JSON.stringify({ key: item.key, action: item.action, ticket: item.ticket, payload: item.payload }),
			});
		} catch (e) {
			return { offline: true };
		} finally {
			clearTimeout(timer);
		}
		let body = {};
		try { body = await response.json(); } catch (e) { body = {}; }
		if (response.ok) return { ok: true, result: body.message };
		if (response.status >= 500 && !body._server_messages && !body.exc_type) return { offline: true };
		return { refused: true, message: serverMessage(body) };
	}

	async function flush() {
		if (flushing) return;
		flushing = true;
		try {
			for (const item of load().filter((q) => q.state !== "conflict")) {
				const answer = await send(item);
				if (answer.offline) break;
				const queue = load();
				if (answer.ok) {
					save(queue.filter((q) => q.key !== item.key));
					document.dispatchEvent(new CustomEvent("field:synced", { detail: { item, result: answer.result } }));
				} else {
					queue.forEach((q) => { if (q.key === item.key) { q.state = "conflict"; q.message = answer.message; } });
					save(queue);
					toast(answer.message, true);
					document.dispatchEvent(new CustomEvent("field:refused", { detail: { item, message: answer.message } }));
				}
			}
		} finally {
			flushing = false;
			render();
		}
	}

	/* Queue an action and try to send it now; resolves to {ok,result} | {queued} | {refused,message}. */
	async function act(action, ticket, payload, label) {
		const item = { key: newKey(), action, ticket, payload: Object.assign({ at: localNow() }, payload || {}), label, at: localNow(), state: "waiting" };
		const queue = load(); queue.push(item); save(queue);
		if (!navigator.onLine) { toast(T("Saved on the phone: waiting to sync")); return { queued: true }; }
		let outcome = { queued: true };
		const onSynced = (e) => { if (e.detail.item.key === item.key) outcome = { ok: true, result: e.detail.result }; };
		const onRefused = (e) => { if (e.detail.item.key === item.key) outcome = { refused: true, message: e.detail.message }; };
		document.addEventListener("field:synced", onSynced);
		document.addEventListener("field:refused", onRefused);
		while (flushing) await new Promise((resolve) => setTimeout(resolve, 100));
		await flush();
		document.removeEventListener("field:synced", onSynced);
		document.removeEventListener("field:refused", onRefused);
		if (outcome.queued) toast(T("Saved on the phone: waiting to sync"));
		else if (outcome.ok) toast(T("Done"));
		return outcome;
	}

	window.fieldPhone = { act, flush, render, toast, load, T };
	window.addEventListener("online", () => { render(); flush(); });
	window.addEventListener("offline", render);
	setInterval(() => { if (navigator.onLine) flush(); }, 15000);
	render();
	if (navigator.onLine) flush();

	if ("serviceWorker" in navigator) {
		navigator.serviceWorker.register("/field/sw.js", { scope: "/field" }).then(() => navigator.serviceWorker.ready).then((reg) => {
			if (navigator.onLine && F.precache && F.precache.length && reg.active) {
				reg.active.postMessage({ type: "precache", urls: F.precache });
			}
		}).catch(() => null);
	}

	/* Manuals live outside /field: offline, open the copy the service worker cached. */
	document.addEventListener("click", async (event) => {
		const link = event.target.closest && event.target.closest("a.cached");
		if (!link || navigator.onLine || !window.caches) return;
		event.preventDefault();
		const hit = await caches.match(link.href);
		if (!hit) { toast(T("This page was not saved on the phone"), true); return; }
		window.location.href = URL.createObjectURL(await hit.blob());
	});
})();
{% endraw %}
