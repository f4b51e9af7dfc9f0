// The reviewer's page: upload with progress, poll the check, show findings,
// filter them, record waivers and download the working paper. Every request
// carries the session token from the page's meta tag; nothing leaves this
// computer.
"use strict";
(function () {
  const token = document.querySelector('meta[name="lkjcheck-token"]').content;
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  let job = null;

  function api(method, path, body, headers) {
    const h = Object.assign({ "X-Lkjcheck-Token": token }, headers || {});
    return fetch(path, { method: method, headers: h, body: body, credentials: "omit", cache: "no-store" });
  }

  async function errorText(resp) {
    try { return (await resp.json()).error || resp.statusText; } catch (e) { return resp.statusText; }
  }

  function showError(text) {
    const el = $("#error");
    el.textContent = text || "";
    el.hidden = !text;
  }

  function progress(label, percent) {
    $("#progress").hidden = false;
    $("#progress-label").textContent = label;
    const bar = $("#progress-bar");
    if (percent === null) { bar.removeAttribute("value"); } else { bar.value = percent; }
  }

  function upload(file) {
    showError("");
    $("#results").innerHTML = "";
    job = null;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/upload");
    xhr.setRequestHeader("X-Lkjcheck-Token", token);
    xhr.setRequestHeader("X-Filename", encodeURIComponent(file.name));
    const year = $("#year").value.trim();
    if (year) xhr.setRequestHeader("X-Tahun", year);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) progress(document.body.dataset.stageUpload || "…", Math.round(100 * ev.loaded / ev.total));
    };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { /* shown below */ }
      if (xhr.status !== 200) { $("#progress").hidden = true; showError(data.error || xhr.statusText); return; }
      job = data.job;
      progress("…", null);
      poll();
    };
    xhr.onerror = () => { $("#progress").hidden = true; showError(xhr.statusText || "network error"); };
    progress(document.body.dataset.stageUpload || "…", 0);
    xhr.send(file);
  }

  async function poll() {
    const resp = await api("GET", "/api/jobs/" + job);
    if (!resp.ok) { $("#progress").hidden = true; showError(await errorText(resp)); return; }
    const state = await resp.json();
    progress(state.label, state.done ? 100 : null);
    if (!state.done) { setTimeout(poll, 250); return; }
    if (state.error) { $("#progress").hidden = true; showError(state.error); return; }
    const page = await api("GET", "/api/jobs/" + job + "/findings");
    if (!page.ok) { showError(await errorText(page)); return; }
    show(await page.text());
    $("#progress").hidden = true;
  }

  function show(html) {
    $("#results").innerHTML = html;
    $("#upload-form").hidden = true;
    applyFilters();
    document.body.dataset.state = "findings";
  }

  function applyFilters() {
    const sev = $("#filter-severity") ? $("#filter-severity").value : "";
    const crit = $("#filter-criterion") ? $("#filter-criterion").value : "";
    $$(".criterion").forEach((c) => {
      let shown = 0;
      $$(".finding", c).forEach((f) => {
        const ok = (!sev || f.dataset.severity === sev) && (!crit || f.dataset.criteria.split(" ").includes(crit));
        f.hidden = !ok;
        if (ok) shown += 1;
      });
      c.hidden = shown === 0;
    });
    $$(".aspect").forEach((a) => { a.hidden = $$(".criterion", a).every((c) => c.hidden); });
  }

  function openWaiverForm(button) {
    if ($(".waiver-form", button.parentElement)) return;
    const form = $("#waiver-form-template").content.firstElementChild.cloneNode(true);
    form.dataset.index = button.dataset.index;
    button.after(form);
    $("textarea", form).focus();
  }

  async function saveWaiver(form) {
    const body = JSON.stringify({
      finding: Number(form.dataset.index),
      justification: form.elements.justification.value,
      by: form.elements.by.value,
      until: form.elements.until.value,
    });
    const resp = await api("POST", "/api/jobs/" + job + "/waivers", body, { "Content-Type": "application/json" });
    if (!resp.ok) {
      const err = $(".form-error", form);
      err.textContent = await errorText(resp);
      err.hidden = false;
      return;
    }
    keepFilters(await resp.text());
  }

  function keepFilters(html) {
    const sev = $("#filter-severity").value, crit = $("#filter-criterion").value;
    show(html);
    $("#filter-severity").value = sev;
    $("#filter-criterion").value = crit;
    applyFilters();
  }

  async function download(fmt) {
    const resp = await api("GET", "/api/jobs/" + job + "/download/" + fmt);
    if (!resp.ok) { showError(await errorText(resp)); return; }
    const disposition = resp.headers.get("content-disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const plain = /filename="([^"]+)"/.exec(disposition);
    const m = star ? [null, decodeURIComponent(star[1])] : plain;
    const blob = await resp.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = m ? m[1] : "lkjcheck." + fmt;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = $("#file");
    input.addEventListener("change", () => { if (input.files.length) upload(input.files[0]); });
    const zone = $("#dropzone");
    zone.addEventListener("dragover", (ev) => { ev.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (ev) => {
      ev.preventDefault();
      zone.classList.remove("over");
      if (ev.dataTransfer.files.length) upload(ev.dataTransfer.files[0]);
    });
    const results = $("#results");
    results.addEventListener("change", (ev) => {
      if (ev.target.id === "filter-severity" || ev.target.id === "filter-criterion") applyFilters();
    });
    results.addEventListener("click", async (ev) => {
      const t = ev.target;
      if (t.classList.contains("waive")) openWaiverForm(t);
      else if (t.classList.contains("cancel")) t.closest("form").remove();
      else if (t.classList.contains("download")) download(t.dataset.format);
      else if (t.classList.contains("unwaive")) {
        const resp = await api("DELETE", "/api/jobs/" + job + "/waivers/" + t.dataset.position);
        if (resp.ok) keepFilters(await resp.text()); else showError(await errorText(resp));
      } else if (t.id === "another") {
        results.innerHTML = "";
        $("#upload-form").hidden = false;
        input.value = "";
        document.body.dataset.state = "";
      }
    });
    results.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (ev.target.classList.contains("waiver-form")) saveWaiver(ev.target);
    });
  });
})();
