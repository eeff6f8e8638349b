// The renraku workbench: paste a log, see whom to tell and why, review, edit, test, send, and
// follow what came back. Every string from the log, a registry or the server is put into the
// page as text (textContent), never as markup.
"use strict";

const STRINGS = {
  en: {
    subtitle: "workbench", h_log: "1. The log",
    hint_log: "Paste a log (or drop a file here). Nothing leaves this machine until you send.",
    run: "Find whom to tell", h_indicators: "2. What the log holds", c_value: "value",
    c_type: "type", c_lines: "lines", c_note: "note", h_recipients: "3. Whom to tell, and why",
    h_incident: "4. The notice",
    hint_incident: "Who we are and our clock ([reporter], [clock], [policy]); the events are taken from the log.",
    language: "Language", draft: "Draft the notices", h_drafts: "5. Review and send",
    test_to: "Test send to (one address of ours)", test_send: "Test send", send: "Send",
    h_ledger: "6. What we sent, and what came back", refresh: "Refresh", c_tracking: "tracking",
    c_to: "to", c_state: "state", c_next: "next", h_feedback: "A bounce or a reply",
    take: "Take it in", ours: "ours: context, not told", refused: "left out",
    extracting: "Reading the log…", looking: "Asking the registries…",
    found: (n) => `${n} indicators to look up`, no_token: "Open the URL renraku serve printed (it carries the token).",
    to_for: "to for", cc: "cc", reasons: "why", caveats: "caveats", evidence: "evidence",
    form: "web form, to submit by hand (the notice is a packet: form.txt)",
    without_to: "No one to tell for", save: "Save the edit", saved: "Saved",
    findings: "The leak scan found", disclosed: "Disclosed as it is",
    summary: (m, r) => `${m} message${m === 1 ? "" : "s"} to ${r} recipient${r === 1 ? "" : "s"}`,
    confirm_send: (m, r) => `Yes, send ${m} message${m === 1 ? "" : "s"} to ${r} recipient${r === 1 ? "" : "s"}`,
    sent: (n) => `${n} sent`, test_sent: (n) => `${n} test messages sent`,
    next_bounced: "bounced: follow up with the next party (renraku followup --tracking)",
    next_silent: "no answer: follow up, or ask a CSIRT to relay",
    next_sent: "wait for an answer", next_drafted: "review and send", next_answered: "answered",
    attachments: "attachments", follow_up: "Follow up",
    inaccuracy: "report the wrong contact data to",
  },
  ja: {
    subtitle: "作業台", h_log: "1. ログ",
    hint_log: "ログを貼り付けるか、ファイルをここにドロップしてください。送信するまで何もこのマシンから出ません。",
    run: "連絡先を調べる", h_indicators: "2. ログに含まれるもの", c_value: "値", c_type: "種別",
    c_lines: "行", c_note: "備考", h_recipients: "3. 連絡先とその理由", h_incident: "4. 通知",
    hint_incident: "連絡元と時計（[reporter]、[clock]、[policy]）。イベントはログから作られます。",
    language: "言語", draft: "通知の下書きを作る", h_drafts: "5. 確認して送信",
    test_to: "テスト送信先（自組織のアドレス一つ）", test_send: "テスト送信", send: "送信",
    h_ledger: "6. 送ったものと返ってきたもの", refresh: "更新", c_tracking: "追跡番号",
    c_to: "宛先", c_state: "状態", c_next: "次", h_feedback: "不達通知・返信",
    take: "取り込む", ours: "自組織: 文脈であり通知先ではない", refused: "除外",
    extracting: "ログを読んでいます…", looking: "レジストリに問い合わせています…",
    found: (n) => `調べる指標: ${n} 件`, no_token: "renraku serve が表示した URL（トークン付き）を開いてください。",
    to_for: "宛先となる指標", cc: "Cc", reasons: "理由", caveats: "注意", evidence: "根拠",
    form: "ウェブフォーム（手で送信: 通知は form.txt のパケット）",
    without_to: "連絡先が見つからない指標", save: "編集を保存", saved: "保存しました",
    findings: "漏えい検査の指摘", disclosed: "そのまま開示されるもの",
    summary: (m, r) => `${r} 宛先に ${m} 通`,
    confirm_send: (m, r) => `${r} 宛先に ${m} 通を送信する`,
    sent: (n) => `${n} 通送信しました`, test_sent: (n) => `テスト送信 ${n} 通`,
    next_bounced: "不達: 次の連絡先へ（renraku followup --tracking）",
    next_silent: "返事なし: 再送するか CSIRT に中継を依頼",
    next_sent: "返事を待つ", next_drafted: "確認して送信", next_answered: "返事あり",
    attachments: "添付", follow_up: "次の連絡先へ",
    inaccuracy: "誤った連絡先をレジストリに報告:",
  },
};

let lang = localStorage.getItem("renraku.lang") || (navigator.language.startsWith("ja") ? "ja" : "en");
const state = { results: [], drafts: [], plan: null };

function t(key, ...args) {
  const v = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return typeof v === "function" ? v(...args) : v;
}

function $(sel) { return document.querySelector(sel); }

// An element with text: the only way anything reaches the page.
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("#lang").textContent = lang === "ja" ? "English" : "日本語";
}

// The token comes in the URL's fragment (never sent to a server) and is kept for this tab.
function token() {
  const m = location.hash.match(/token=([A-Za-z0-9]+)/);
  if (m) {
    sessionStorage.setItem("renraku.token", m[1]);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("renraku.token") || "";
}

async function api(method, path, body, accept) {
  const headers = { "Authorization": "Bearer " + token() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (accept) headers["Accept"] = accept;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (accept === "text/event-stream" && res.ok) return res;
  const data = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) {
    const err = new Error((data.error || res.statusText) + (data.field ? ` (${data.field})` : ""));
    err.data = data;
    err.status = res.status;
    throw err;
  }
  return data;
}

function say(where, text, isError) {
  const box = $(where);
  box.textContent = text;
  box.classList.toggle("error", !!isError);
}

// Server-sent events of a streamed lookup: progress, then one result per indicator.
async function streamLookup(indicators, onProgress, onResult) {
  const res = await api("POST", "/api/lookup", { indicators }, "text/event-stream");
  if (!res.ok) throw new Error((await res.json()).error);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = (block.match(/^event: (.*)$/m) || [])[1];
      const data = (block.match(/^data: (.*)$/m) || [])[1];
      if (!event || data === undefined) continue;
      const parsed = JSON.parse(data);
      if (event === "progress") onProgress(parsed);
      else if (event === "result") onResult(parsed);
      else if (event === "error") throw new Error(parsed.error);
    }
  }
}

function renderIndicators(extracted) {
  const body = $("#indicators tbody");
  body.replaceChildren();
  for (const i of extracted.indicators) {
    const row = el("tr", null, i.ours ? "ours" : "");
    const note = el("td", i.ours ? t("ours") : "");
    if (!i.ours && i.first_line) note.append(el("code", i.first_line, "line"));
    row.append(el("td", i.value), el("td", i.type), el("td", i.lines.join(", ")), note);
    body.append(row);
  }
  for (const r of extracted.refused) {
    const row = el("tr", null, "refused");
    row.append(el("td", r.value), el("td", ""), el("td", r.lines.join(", ")),
               el("td", `${t("refused")}: ${r.why}`));
    body.append(row);
  }
  $("#step-indicators").hidden = false;
}

function evidenceOf(address) {
  const lines = [];
  for (const r of state.results)
    for (const c of r.contacts || [])
      if (c.email === address || (!c.email && c.url === address))
        for (const e of c.evidence || [])
          lines.push(`${r.indicator}: ${e.source} ${e.server || ""} ${e.object || ""} ${e.field || ""}`.trim() +
                     (e.transport ? ` [${e.transport}${e.dnssec ? ", DNSSEC " + e.dnssec : ""}` +
                                    `${e.transport === "https" ? (e.tls_verified ? ", TLS verified" : ", TLS not verified") : ""}]` : ""));
  return [...new Set(lines)].slice(0, 30);
}

function renderPlan(plan) {
  const box = $("#recipients");
  box.replaceChildren();
  for (const r of plan.recipients) {
    const div = el("div", null, "recipient");
    div.append(el("span", r.score.toFixed(2), "score"));
    div.append(el("div", r.to, "address"));
    if (r.channel === "form") div.append(el("div", t("form"), "channel-form"));
    div.append(el("div", `${r.role}${r.organization ? " — " + r.organization : ""}`));
    div.append(el("div", `${t("to_for")}: ${r.indicators.map((i) => i.indicator).join(", ")}`));
    if (r.cc.length) div.append(el("div", `${t("cc")}: ${r.cc.join(", ")}`));
    if (r.reasons.length) div.append(el("div", `${t("reasons")}: ${r.reasons.join(", ")}`));
    for (const c of r.caveats) div.append(el("div", "! " + c, "caveat"));
    const details = el("details");
    details.append(el("summary", t("evidence")));
    for (const line of evidenceOf(r.to)) details.append(el("div", line));
    div.append(details);
    box.append(div);
  }
  const without = $("#without");
  without.replaceChildren();
  if (plan.without_to.length)
    without.append(el("p", `${t("without_to")}: ${plan.without_to.map((w) => w.indicator).join(", ")}`));
  $("#step-recipients").hidden = false;
  $("#step-incident").hidden = false;
  if (!$("#incident").value) $("#incident").value = localStorage.getItem("renraku.incident") || "";
}

async function run() {
  const text = $("#log").value;
  if (!text.trim()) return;
  try {
    say("#status", t("extracting"));
    const extracted = await api("POST", "/api/extract", { text });
    renderIndicators(extracted);
    const indicators = extracted.indicators.filter((i) => !i.ours).map((i) => i.value);
    say("#status", `${t("found", indicators.length)} — ${t("looking")}`);
    state.results = [];
    await streamLookup(indicators, (p) => {
      $("#progress-bar").max = Math.max(p.total, 1);
      $("#progress-bar").value = p.done;
      $("#progress-text").textContent = `${p.done} / ${p.total}`;
    }, (r) => state.results.push(r));
    state.plan = await api("POST", "/api/plan", { results: state.results });
    renderPlan(state.plan);
    say("#status", "");
  } catch (e) {
    say("#status", e.message, true);
  }
}

function renderDrafts(drafts) {
  const box = $("#drafts");
  box.replaceChildren();
  for (const d of drafts) {
    const div = el("div", null, "draft");
    div.dataset.tracking = d.tracking;
    div.append(el("div", `${d.tracking} → ${d.to}${d.cc.length ? "  (cc " + d.cc.join(", ") + ")" : ""}`, "head"));
    const subject = el("input");
    subject.className = "subject";
    subject.value = d.subject;
    subject.size = 80;
    const body = el("textarea");
    body.className = "body";
    body.rows = 16;
    body.value = d.body;
    const save = el("button", t("save"), "save");
    const saved = el("span", "", "saved");
    save.type = "button";
    save.addEventListener("click", async () => {
      try {
        const updated = await api("PUT", "/api/notices/" + encodeURIComponent(d.tracking),
                                  { subject: subject.value, body: body.value });
        Object.assign(d, updated);
        saved.textContent = t("saved");
      } catch (e) {
        saved.textContent = e.message;
      }
    });
    div.append(subject, body, save, saved);
    if (d.leak_findings.length) {
      div.append(el("div", t("findings")));
      for (const f of d.leak_findings)
        div.append(el("div", typeof f === "string" ? f : `${f.part}:${f.line}: ${f.item} — ${f.why}`, "finding"));
    }
    if (d.disclosed.length) {
      div.append(el("div", t("disclosed"), "disclosed"));
      for (const x of d.disclosed)
        div.append(el("div", typeof x === "string" ? x : `${x.item}: ${x.what}`, "disclosed"));
    }
    if (d.attachments.length)
      div.append(el("div", `${t("attachments")}: ${d.attachments.map((a) => a.name).join(", ")}`));
    box.append(div);
  }
  const recipients = new Set(drafts.map((d) => d.to)).size;
  $("#send-summary").textContent = t("summary", drafts.length, recipients);
  say("#send-result", "");
  $("#step-drafts").hidden = false;
}

async function draft() {
  localStorage.setItem("renraku.incident", $("#incident").value);
  try {
    say("#send-result", "");
    const r = await api("POST", "/api/notices", {
      incident: $("#incident").value, log: $("#log").value, lang: $("#notice-lang").value });
    state.drafts = r.drafts;
    renderDrafts(r.drafts);
    for (const w of r.warnings) $("#drafts").append(el("div", "! " + w.warning, "caveat"));
  } catch (e) {
    say("#send-result", e.message, true);
    $("#step-drafts").hidden = false;
  }
}

async function send(testTo) {
  const tracking = state.drafts.map((d) => d.tracking);
  try {
    const body = { tracking, confirm: true };
    if (testTo) body.test_to = testTo;
    const r = await api("POST", "/api/notices/send", body);
    say("#send-result", testTo ? t("test_sent", r.sent.length) : t("sent", r.sent.length));
    await ledger();
  } catch (e) {
    const findings = (e.data && e.data.findings) || [];
    say("#send-result", [e.message, ...findings].join("\n"), true);
  }
}

function askToSend() {
  // Sending is two clicks: the second says how many messages go to how many recipients.
  const recipients = new Set(state.drafts.map((d) => d.to)).size;
  let yes = $("#send-confirm");
  if (!yes) {
    yes = el("button", "", "");
    yes.id = "send-confirm";
    yes.type = "button";
    yes.addEventListener("click", () => { yes.remove(); send(""); });
    $("#send").after(yes);
  }
  yes.textContent = t("confirm_send", state.drafts.length, recipients);
}

async function ledger() {
  try {
    const r = await api("GET", "/api/ledger");
    const body = $("#ledger tbody");
    body.replaceChildren();
    for (const m of r.messages) {
      const row = el("tr");
      row.dataset.tracking = m.tracking;
      const next = t("next_" + m.state);
      const nextCell = el("td", m.feedback ? `${next} — ${m.feedback.detail}` : next);
      if (m.state === "bounced" || m.state === "silent") {
        const follow = el("button", t("follow_up"), "follow-up");
        follow.type = "button";
        follow.addEventListener("click", () => followUp(m.tracking));
        nextCell.append(" ", follow);
      }
      row.append(el("td", m.tracking), el("td", m.recipient), el("td", m.state, "state-" + m.state),
                 nextCell);
      body.append(row);
    }
  } catch (e) {
    say("#feedback-result", e.message, true);
  }
}

// The next party of a case that bounced or stayed silent: its draft joins the review above.
async function followUp(tracking) {
  say("#feedback-result", "");
  try {
    const r = await api("POST", "/api/followup", { tracking });
    if (r.drafts.length) {
      state.drafts = r.drafts;
      renderDrafts(r.drafts);
      $("#step-drafts").scrollIntoView();
    }
    const lines = r.drafts.map((d) => `${d.tracking} → ${d.to}: ${d.step}`)
      .concat(r.inaccuracy.map((i) => `${t("inaccuracy")} ${i.registry}: ${i.url}`))
      .concat(r.nothing.map((n) => `${n.tracking}: ${n.why}`));
    say("#feedback-result", lines.join("\n"));
  } catch (e) {
    say("#feedback-result", e.message, true);
  }
}

async function feedback() {
  try {
    const r = await api("POST", "/api/feedback", { message: $("#feedback-message").value });
    const lines = r.taken.map((x) => `${x.kind} ${x.address} (${x.tracking})`).concat(r.ignored);
    say("#feedback-result", lines.join("\n") || r.summary);
    await ledger();
  } catch (e) {
    say("#feedback-result", e.message, true);
  }
}

function dropInto(area) {
  area.addEventListener("dragover", (e) => { e.preventDefault(); area.classList.add("active"); });
  area.addEventListener("dragleave", () => area.classList.remove("active"));
  area.addEventListener("drop", async (e) => {
    e.preventDefault();
    area.classList.remove("active");
    const file = e.dataTransfer.files[0];
    if (file) area.value = await file.text();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  applyLanguage();
  if (!token()) say("#status", t("no_token"), true);
  $("#lang").addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    localStorage.setItem("renraku.lang", lang);
    applyLanguage();
    if (state.plan) renderPlan(state.plan);
  });
  $("#run").addEventListener("click", run);
  $("#draft").addEventListener("click", draft);
  $("#test-send").addEventListener("click", () => send($("#test-to").value));
  $("#send").addEventListener("click", askToSend);
  $("#refresh-ledger").addEventListener("click", ledger);
  $("#feedback").addEventListener("click", feedback);
  dropInto($("#log"));
  if (token()) ledger();
});
