"""Every route of `renraku serve`'s API and every refusal, on the test world: extract, lookup
(whole and as server-sent events), plan, draft, read, edit, test send (the received bytes hold
the edit), send, the second send refused, a bounce taken in, the ledger; 400 naming the field,
401 without or with a wrong token, 404, 405, 409, 413 for a 20 MiB body, 415, 421 for another
Host, 429 while a batch runs; a log line holding <script> comes back as text in JSON."""

import os
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.request

from workbench import INCIDENT, LOG, Checks, Workbench, arguments, dsn_for


def main():
    args = arguments("--test-plugins")
    args.test_plugins = os.path.abspath(args.test_plugins)
    c = Checks()
    wb = Workbench(args.renraku, args.world_config)
    try:
        flow(wb, c, args.source_dir)
        refusals(wb, c)
    finally:
        wb.stop()
        wb.cleanup()
    busy(args, c)
    listen_rules(args, c)
    return c.done()


def flow(wb, c, source_dir):
    # The page, with its headers.
    with urllib.request.urlopen(wb.base + "/") as res:
        page = res.read().decode()
        csp = res.headers.get("Content-Security-Policy", "")
    c.check('id="log"' in page and 'id="run"' in page and 'id="recipients"' in page, "the page's ids")
    c.check("default-src 'self'" in csp, "CSP default-src 'self': " + csp)
    c.check("<script>" not in page.replace('<script src="/app.js" defer></script>', ""),
            "no inline script in the page")

    st, ex = wb.call("POST", "/api/extract", {"text": LOG})
    c.check(st == 200, f"extract: {st} {ex}")
    values = {i["value"]: i for i in ex["indicators"]}
    c.check("74.125.1.1" in values and values["74.125.1.1"]["lines"] == [1, 2], f"extract lines: {ex}")
    c.check(any(r["value"] == "10.0.0.7" and "private" in r["why"] for r in ex["refused"]),
            f"a private address refused with why: {ex['refused']}")

    indicators = [i["value"] for i in ex["indicators"] if not i["ours"]]
    st, lk = wb.call("POST", "/api/lookup", {"indicators": indicators})
    c.check(st == 200 and len(lk["results"]) == len(indicators), f"lookup: {st}")
    first = lk["results"][0]
    c.check(first["indicator"] == "74.125.1.1" and any(x["recommend"] == "to" for x in first["contacts"]),
            f"lookup result as the CLI's JSON: {first}")
    c.check("explain" in first["contacts"][0], "contacts carry their reasons (explain)")

    # The same as server-sent events.
    req = urllib.request.Request(wb.base + "/api/lookup", method="POST",
                                 data=b'{"indicators": ["74.125.1.1", "1.1.1.1"]}')
    req.add_header("Authorization", "Bearer " + wb.token)
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept", "text/event-stream")
    with urllib.request.urlopen(req, timeout=60) as res:
        stream = res.read().decode()
        c.check(res.headers.get("Content-Type", "").startswith("text/event-stream"), "SSE type")
    c.check(stream.count("event: result") == 2 and "event: progress" in stream and
            "event: done" in stream, "SSE: progress, two results, done:\n" + stream[:300])

    st, plan = wb.call("POST", "/api/plan", {"results": lk["results"]})
    c.check(st == 200 and plan["recipients"], f"plan: {st} {plan}")
    # A desk that takes its web form only is a recipient too: its form, submitted by hand.
    form = "https://support.google.com/blogger/answer/76315"
    st, fp = wb.call("POST", "/api/plan", {"results": [{"indicator": "https://victim.blogspot.com/x",
                                                        "contacts": [{"url": form, "channel": "form",
                                                                      "recommend": "to", "score": 0.7,
                                                                      "role": "abuse"}]}]})
    c.check(st == 200 and len(fp["recipients"]) == 1 and fp["recipients"][0]["to"] == form and
            fp["recipients"][0]["channel"] == "form" and not fp["without_to"],
            f"a form-only desk is the plan's recipient: {st} {fp}")
    rec = plan["recipients"][0]
    c.check(rec["to"] and rec["indicators"] and "score" in rec and isinstance(rec["reasons"], list),
            f"a recipient with score and reasons: {rec}")

    st, dr = wb.call("POST", "/api/notices", {"incident": INCIDENT, "log": LOG, "lang": "en"})
    c.check(st == 200 and dr["drafts"], f"notices drafted: {st} {dr}")
    if not dr.get("drafts"):
        return
    d = dr["drafts"][0]
    tracking = d["tracking"]
    c.check(tracking.startswith("EXCSIRT#"), "tracking number " + tracking)
    c.check(isinstance(d["leak_findings"], list) and isinstance(d["disclosed"], list),
            "the leak scan's findings and what is disclosed")
    c.check(isinstance(d["body"], str) and tracking in d["body"],
            "the draft's body is text that names its tracking number")

    quoted = urllib.parse.quote(tracking, safe="")
    st, got = wb.call("GET", "/api/notices/" + quoted)
    c.check(st == 200 and got["tracking"] == tracking and got["body"] == d["body"], f"read: {st}")
    edited = got["body"] + "\nWe would be grateful for an answer within a week. EDITED-LINE-7731\n"
    st, put = wb.call("PUT", "/api/notices/" + quoted, {"body": edited})
    c.check(st == 200 and "EDITED-LINE-7731" in put["body"], f"edit: {st} {put}")

    st, r = wb.call("POST", "/api/notices/send", {"tracking": [tracking], "test_to": "csirt@example.jp"})
    c.check(st == 400 and r.get("field") == "confirm", f"a send without confirmation: {st} {r}")
    st, r = wb.call("POST", "/api/notices/send",
                    {"tracking": [tracking], "test_to": "csirt@example.jp", "confirm": True})
    c.check(st == 200 and r["test"] and len(r["sent"]) == 1, f"test send: {st} {r}")
    msgs = wb.smtp.messages()
    c.check(len(msgs) == 1 and "[TEST]" in msgs[0] and "EDITED-LINE-7731" in msgs[0],
            "the test message received holds the edit")
    c.check(all(d["to"] not in m.split("\n\n", 1)[0] for m in msgs),
            "the test message names no real recipient in its headers")

    all_tracking = [x["tracking"] for x in dr["drafts"]]
    st, r = wb.call("POST", "/api/notices/send", {"tracking": all_tracking, "confirm": True})
    c.check(st == 200 and len(r["sent"]) == len(all_tracking), f"send: {st} {r}")
    msgs = wb.smtp.messages()
    c.check(any("EDITED-LINE-7731" in m and "[TEST]" not in m for m in msgs),
            "the sent notice is the edited draft")
    st, r = wb.call("POST", "/api/notices/send", {"tracking": [tracking], "confirm": True})
    c.check(st == 409, f"a second send is refused as already told: {st} {r}")
    st, r = wb.call("PUT", "/api/notices/" + quoted, {"body": "changed after sending"})
    c.check(st == 409, f"a sent notice cannot be edited: {st}")

    # The command line sees what the page did: the same ledger, the same draft folders.
    cli = subprocess.run([wb.renraku, "ledger", "--config", wb.config, "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    c.check(cli.returncode == 0 and tracking in cli.stdout, "renraku ledger shows the page's notice")
    drafts_dir = os.path.join(wb.root, "work", "incidents", dr["incident"], "drafts")
    cli = subprocess.run([wb.renraku, "notice", "--send", drafts_dir, "--config", wb.config,
                          "--yes", "--test-to", "csirt@example.jp"],
                         capture_output=True, text=True, timeout=120)
    c.check(cli.returncode == 0, f"renraku notice --send takes the page's drafts: {cli.stdout}{cli.stderr}")

    st, fb = wb.call("POST", "/api/feedback", {"message": dsn_for(source_dir, tracking, d["to"])})
    c.check(st == 200 and fb["taken"] and fb["taken"][0]["kind"] == "bounced", f"feedback: {st} {fb}")
    st, fu = wb.call("POST", "/api/followup", {"tracking": tracking})
    c.check(st == 200 and (fu["drafts"] or fu["nothing"]), f"followup: {st} {fu}")
    if fu.get("drafts"):
        nxt = fu["drafts"][0]
        c.check(nxt["tracking"] == tracking and nxt["to"] != d["to"] and nxt["step"],
                f"the next party, under the same tracking number: {nxt['to']} ({nxt['step']})")
        st, got = wb.call("GET", "/api/notices/" + quoted)
        c.check(st == 200 and got["to"] == nxt["to"], "the hop still to send is the one read")
    st, r = wb.call("POST", "/api/followup", {"tracking": "EXCSIRT#99999999-XXXXXX"})
    c.check(st == 404, f"followup of no notice: {st}")
    st, lg = wb.call("GET", "/api/ledger")
    states = {(m["tracking"], m["hop"]): m["state"] for m in lg.get("messages", [])}
    c.check(st == 200 and states.get((tracking, 0)) == "bounced", f"ledger: {st} {states}")


def refusals(wb, c):
    st, r = wb.call("POST", "/api/extract", {"text": "x"}, token=False)
    c.check(st == 401 and "token" in r["error"], f"no token: {st} {r}")
    st, r = wb.call("POST", "/api/extract", {"text": "x"}, token="A" * len(wb.token))
    c.check(st == 401, f"a wrong token: {st}")
    # A cookie is no credential (CSRF): only the header is.
    st, r = wb.call("GET", "/api/ledger", token=False, headers={"Cookie": "token=" + wb.token})
    c.check(st == 401, f"a cookie instead of the token: {st}")
    st, r = wb.call("POST", "/api/extract", {"txt": "x"})
    c.check(st == 400 and r["field"] == "text", f"400 names the field: {st} {r}")
    st, r = wb.call("POST", "/api/lookup", {"indicators": "74.125.1.1"})
    c.check(st == 400 and r["field"] == "indicators", f"400 indicators: {st} {r}")
    st, r = wb.call("POST", "/api/extract", raw=b"not json")
    c.check(st == 400 and r["field"] == "body", f"400 body: {st} {r}")
    st, r = wb.call("GET", "/api/nothing")
    c.check(st == 404, f"404 route: {st}")
    st, r = wb.call("GET", "/api/notices/EXCSIRT%2399999999-XXXXXX")
    c.check(st == 404, f"404 tracking: {st}")
    st, r = wb.call("GET", "/api/extract")
    c.check(st == 405, f"405: {st}")
    req = urllib.request.Request(wb.base + "/api/extract", data=b"{}", method="POST")
    req.add_header("Authorization", "Bearer " + wb.token)
    req.add_header("Content-Type", "text/plain")
    try:
        urllib.request.urlopen(req)
        st = 200
    except urllib.error.HTTPError as e:
        st = e.code
    c.check(st == 415, f"415 for a body that is not JSON by type: {st}")
    big = b'{"text": "' + b"a" * (20 << 20) + b'"}'
    try:
        st, r = wb.call("POST", "/api/extract", raw=big)
    except (ConnectionError, OSError) as e:  # the server may close after answering
        st, r = 413, {"error": str(e)}
    c.check(st == 413, f"413 for 20 MiB: {st} {str(r)[:200]}")
    st, r = wb.call("GET", "/api/ledger", headers={"Host": "evil.example:80"})
    c.check(st == 421, f"another Host is not answered (DNS rebinding): {st}")
    st, ex = wb.call("POST", "/api/extract", {"text": "<script>alert(1)</script> 1.1.1.1"})
    c.check(st == 200 and ex["indicators"][0]["value"] == "1.1.1.1", "script text is no indicator")


def busy(args, c):
    # A source that takes 3 s: a second batch while the first runs is a 429, not a second budget.
    with open(args.world_config, encoding="utf-8") as f:
        world = f.read()
    pos = world.find("dirs = [") + len("dirs = [")
    world = world[:pos] + f'"{args.test_plugins}", ' + world[pos:]
    cfg = os.path.join(tempfile.mkdtemp(prefix="renraku-busy-"), "renraku.toml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(world + '\n[sources.misbehaving]\nmode = "sleep"\nsleep_ms = 3000\n')
    wb = Workbench(args.renraku, cfg)
    try:
        results = {}
        t = threading.Thread(target=lambda: results.update(
            first=wb.call("POST", "/api/lookup", {"indicators": ["192.0.2.10"]})))
        t.start()
        time.sleep(0.8)
        st, r = wb.call("POST", "/api/lookup", {"indicators": ["192.0.2.11"]})
        c.check(st == 429 and "another" in r["error"], f"429 while a batch runs: {st} {r}")
        t.join()
        c.check(results["first"][0] == 200, "the first batch ends well")
    finally:
        wb.stop()
        wb.cleanup()


def listen_rules(args, c):
    # Not loopback without TLS: refused, saying why; with a certificate: served over HTTPS.
    run = subprocess.run([args.renraku, "serve", "--config", args.world_config,
                          "--listen", "0.0.0.0:0"], capture_output=True, text=True, timeout=30)
    c.check(run.returncode == 2 and "--tls-cert" in run.stderr, f"not loopback needs TLS: {run.stderr}")
    tmp = tempfile.mkdtemp(prefix="renraku-tls-")
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                   capture_output=True, check=True)
    proc = subprocess.Popen([args.renraku, "serve", "--config", args.world_config, "--listen",
                             "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key,
                             "--work", os.path.join(tmp, "work")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        c.check(line.split("open ", 1)[-1].startswith("https://"), "TLS: the URL is https: " + line)
        url = line.split("open ", 1)[1].strip().split("/#", 1)[0]
        ctx = ssl.create_default_context(cafile=cert)
        ctx.check_hostname = False
        with urllib.request.urlopen(url + "/", context=ctx, timeout=10) as res:
            c.check(res.status == 200, "TLS: the page over HTTPS")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    import urllib.error
    import urllib.parse
    raise SystemExit(main())
