{% raw %}
/* The job page's buttons: each one is an action queued and sent by phone.js (exactly once, by key). */
(function () {
	const P = window.fieldPhone, T = P.T, ticket = window.FIELD_JOB.ticket;
	const $ = (id) => document.getElementById(id);

	function onClick(id, handler) {
		const el = $(id);
		if (!el) return;
		el.addEventListener("click", async (event) => {
			event.preventDefault();
			el.disabled = true;
			try { await handler(); } finally { el.disabled = false; }
		});
	}

	onClick("start-trip", async () => {
		const out = await P.act("start_trip", ticket, {}, T("Start trip"));
		if (out.refused) return;
		$("start-trip").hidden = true; $("stop-trip").hidden = false;
		$("trip-state").textContent = T("Trip started") + (out.queued ? " · " + T("Waiting to sync") : "");
	});
	onClick("stop-trip", async () => {
		const out = await P.act("stop_trip", ticket, {}, T("End trip"));
		if (out.refused) return;
		$("stop-trip").hidden = true; $("start-trip").hidden = false;
		$("trip-state").textContent = T("Trip ended") + (out.queued ? " · " + T("Waiting to sync") : "");
	});

	document.querySelectorAll(".check").forEach((row) => {
		const box = row.querySelector("input[type=checkbox]"), result = row.querySelector(".check-result");
		const send = () => P.act("checklist", ticket, { row: row.dataset.row, done: box.checked ? 1 : 0, result: result.value },
			T("Checklist") + ": " + row.querySelector("label").textContent.trim());
		box.addEventListener("change", send);
		result.addEventListener("change", () => { if (box.checked) send(); });
	});

	onClick("log-time", async () => {
		const out = await P.act("log_time", ticket, { activity_type: $("activity").value, hours: parseFloat($("hours").value), description: $("time-note").value },
			T("Log time") + ": " + $("hours").value + " h");
		if (!out.refused) $("time-note").value = "";
	});

	onClick("issue-part", async () => {
		const option = $("part").selectedOptions[0];
		await P.act("issue_parts", ticket, { item_code: option.value, warehouse: option.dataset.warehouse, qty: parseFloat($("part-qty").value) },
			T("Issue part") + ": " + option.value + " × " + $("part-qty").value);
	});

	$("photo") && $("photo").addEventListener("change", async (event) => {
		const file = event.target.files[0];
		if (!file) return;
		const content = await shrink(file);
		await P.act("add_photo", ticket, { file_name: (file.name || "photo.jpg").replace(/\.[^.]+$/, "") + ".jpg", content }, T("Add photo"));
		event.target.value = "";
	});

	function shrink(file) {
		return new Promise((resolve) => {
			const image = new Image();
			image.onload = () => {
				const scale = Math.min(1, 1280 / Math.max(image.width, image.height));
				const canvas = document.createElement("canvas");
				canvas.width = Math.round(image.width * scale); canvas.height = Math.round(image.height * scale);
				canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
				resolve(canvas.toDataURL("image/jpeg", 0.8));
			};
			image.src = URL.createObjectURL(file);
		});
	}

	onClick("set-status", async () => {
		const status = $("status-select").value;
		const out = await P.act("set_status", ticket, { status }, T("Set status") + ": " + $("status-select").selectedOptions[0].textContent);
		$("status-message").textContent = out.refused ? out.message : "";
		if (!out.refused) $("job-status").textContent = $("status-select").selectedOptions[0].textContent;
	});

	/* the client's signature: pointer strokes on a canvas sized to its CSS box */
	const pad = $("signature");
	let drawing = false, signed = false;
	function fitCanvas() {
		const ratio = window.devicePixelRatio || 1, box = pad.getBoundingClientRect();
		pad.width = Math.round(box.width * ratio); pad.height = Math.round(box.height * ratio);
		const ctx = pad.getContext("2d");
		ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
		ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#0b2a6f";
		ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, box.width, box.height);
		signed = false;
	}
	function point(event) { const box = pad.getBoundingClientRect(); return [event.clientX - box.left, event.clientY - box.top]; }
	if (pad) {
		fitCanvas();
		pad.addEventListener("pointerdown", (event) => { drawing = true; pad.setPointerCapture(event.pointerId); const ctx = pad.getContext("2d"); ctx.beginPath(); ctx.moveTo(...point(event)); });
		pad.addEventListener("pointermove", (event) => { if (!drawing) return; const ctx = pad.getContext("2d"); ctx.lineTo(...point(event)); ctx.stroke(); signed = true; });
		["pointerup", "pointercancel", "pointerleave"].forEach((name) => pad.addEventListener(name, () => { drawing = false; }));
		onClick("clear-signature", async () => fitCanvas());
	}

	onClick("sign", async () => {
		const name = $("signer").value.trim();
		if (!signed || !name) { P.toast(T("Sign first: draw the signature and type the name"), true); return; }
		const out = await P.act("sign", ticket, { signed_by_name: name, signature: pad.toDataURL("image/png"), place: $("place").value, work_done: $("work-done").value },
			T("Client's signature") + ": " + name);
		const result = $("report-result");
		if (out.ok) {
			result.innerHTML = "";
			const link = document.createElement("a");
			link.href = out.result.file_url; link.textContent = out.result.report; link.id = "report-link";
			result.append(T("Signed: the report is being sent") + " ", link);
			$("job-status").textContent = "✓";
		} else if (out.queued) {
			result.textContent = T("Saved on the phone: waiting to sync");
		} else {
			result.textContent = out.message;
		}
	});

	document.addEventListener("field:synced", (event) => {
		/* a signature synced from the queue (signed offline): show the report once it exists */
		if (event.detail.item.ticket === ticket && event.detail.item.action === "sign") {
			setTimeout(() => { if (!$("report-link")) window.location.reload(); }, 1500);
		}
	});
})();
{% endraw %}
