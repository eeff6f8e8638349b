#!/usr/bin/env python3
"""A simulated registry world for benchmarking renraku: networks across the five RIRs, answered
over RDAP (HTTPS) and whois (port 43) on loopback in each registry's own format, with the true
abuse contact of every network kept, so that a run can be scored.

  registry_world.py run --networks 5000 --addresses 5000 --renraku build/bin/renraku

Each network is drawn (seeded, so runs repeat) from the shapes the registries really use:
ARIN point-of-contact entities (some marked "Unvalidated POC"), RIPE abuse-c roles whose vCard
types tell the abuse mailbox from the role's e-mail (and records where RDAP does not tell and
the whois abuse header does), APNIC IRTs with a general e-mail beside the pref-1 abuse mailbox,
NIR-mirrored holders' records, LACNIC abuse entities, AFRINIC records whose RDAP withholds every
contact and whose whois names the abuse mailbox in a remark. Nothing leaves 127.0.0.1.
"""

import argparse
import gzip
import ipaddress
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "world"))
sys.path.insert(0, HERE)
import mirror_files  # noqa: E402
from proc_memory import high_water_kb  # noqa: E402

RIRS = {
    # name: (rdap host, path prefix, whois server, IPv4 /8s it holds in IANA's bootstrap)
    "arin": ("rdap.arin.net", "/registry", "whois.arin.net", [23, 199, 204, 208]),
    "ripe": ("rdap.db.ripe.net", "", "whois.ripe.net", [31, 46, 77, 78]),
    "apnic": ("rdap.apnic.net", "", "whois.apnic.net", [14, 27, 36, 49]),
    "lacnic": ("rdap.lacnic.net", "/rdap", "whois.lacnic.net", [177, 179, 181, 186]),
    "afrinic": ("rdap.afrinic.net", "/rdap", "whois.afrinic.net", [41, 102, 105, 197]),
}
# Where the bench serves the mirrored registries' published files (bench --mirror), and the
# RIPE NCC's NRTMv4 files (bench --mirror ripe --nrtm), under the address renraku ships.
DUMPS_HOST = "dumps.bench.test"
NRTM_HOST, NRTM_FOLDER = "nrtm.db.ripe.net", "/nrtmv4/RIPE/"
PUBLISH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "tools",
                       "nrtm_publish.py")
SHARE = {"arin": 0.30, "ripe": 0.30, "apnic": 0.22, "lacnic": 0.10, "afrinic": 0.08}


def vcard(fn, emails=(), tels=(), adr=None):
    props = [["version", {}, "text", "4.0"], ["fn", {}, "text", fn], ["kind", {}, "text", "group"]]
    if adr:
        props.append(["adr", {"label": adr}, "text", ["", "", "", "", "", "", ""]])
    for params, e in emails:
        props.append(["email", params, "text", e])
    for t in tels:
        props.append(["tel", {"type": "voice"}, "text", t])
    return ["vcard", props]


def entity(handle, roles, card, remarks=(), status=None, entities=None):
    e = {"objectClassName": "entity", "handle": handle, "roles": roles, "vcardArray": card}
    if remarks:
        e["remarks"] = [{"title": "remarks", "description": list(remarks)}]
    if status:
        e["status"] = status
    if entities:
        e["entities"] = entities
    return e


class Network:
    def __init__(self, i, rir, net, rng):
        self.i, self.rir, self.net = i, rir, net
        d = f"net{i}.{rir}.example"
        self.domain = d
        self.abuse = f"abuse@{d}"
        self.shape = None
        self.rdap, self.whois = self.build(rng)

    def base(self, handle, country=None):
        o = {"objectClassName": "ip network", "handle": handle, "startAddress": str(self.net[0]),
             "endAddress": str(self.net[-1]), "ipVersion": "v4", "name": f"NET-{self.i}",
             "cidr0_cidrs": [{"v4prefix": str(self.net.network_address), "length": self.net.prefixlen}],
             "events": [{"eventAction": "last changed", "eventDate": "2025-05-01T00:00:00Z"}],
             "rdapConformance": ["rdap_level_0", "cidr0", "nro_rdap_profile_0"]}
        if country:
            o["country"] = country
        return o

    def build(self, rng):
        d, rir, r = self.domain, self.rir, rng.random()
        rng_text = f"{self.net[0]} - {self.net[-1]}"
        if rir == "arin":
            self.shape = "arin-unvalidated" if r < 0.15 else "arin-poc"
            remarks = ["ARIN has attempted to validate the data for this POC, but has received no "
                       "response from the POC since 2024-01-01"] if self.shape == "arin-unvalidated" else []
            pocs = [entity(f"AB{self.i}-ARIN", ["abuse"], vcard("Abuse", [({}, self.abuse)]),
                           remarks=remarks),
                    entity(f"NO{self.i}-ARIN", ["noc", "technical"], vcard("NOC", [({}, f"noc@{d}")]),
                           status=["validated"]),
                    entity(f"AD{self.i}-ARIN", ["administrative"], vcard("Admin", [({}, f"noc@{d}")]),
                           status=["validated"])]
            o = self.base(f"NET-{self.i}")
            o["entities"] = [entity(f"ORG{self.i}", ["registrant"],
                                    vcard(f"Org {self.i}", adr="1 Main St\nAnytown\nUnited States"),
                                    entities=pocs)]
            return o, None
        if rir == "ripe":
            o = self.base(rng_text, "DE")
            whois = None
            if r < 0.25:
                # RDAP lists the role's addresses unmarked; whois's abuse header names the mailbox.
                self.shape = "ripe-unclear"
                o["entities"] = [entity(f"AR{self.i}-RIPE", ["abuse"],
                                        vcard("Abuse", [({}, f"noc@{d}"), ({}, self.abuse)]))]
                whois = (f"% Information related to '{rng_text}'\n\n"
                         f"% Abuse contact for '{rng_text}' is '{self.abuse}'\n\n"
                         f"inetnum:        {rng_text}\nnetname:        NET-{self.i}\ncountry:        DE\n"
                         f"admin-c:        OP{self.i}-RIPE\ntech-c:         OP{self.i}-RIPE\n"
                         f"abuse-c:        AR{self.i}-RIPE\nsource:         RIPE\n\n"
                         f"role:           Abuse\ne-mail:         noc@{d}\nabuse-mailbox:  {self.abuse}\n"
                         f"nic-hdl:        AR{self.i}-RIPE\nsource:         RIPE\n\n"
                         f"role:           Ops\ne-mail:         noc@{d}\nnic-hdl:        OP{self.i}-RIPE\n"
                         f"source:         RIPE\n")
            else:
                self.shape = "ripe-failed" if r > 0.93 else "ripe-abuse-c"
                rem = ["Abuse-mailbox validation failed"] if self.shape == "ripe-failed" else []
                o["entities"] = [
                    entity(f"AR{self.i}-RIPE", ["abuse"],
                           vcard("Abuse", [({"type": "email"}, f"noc@{d}"), ({"type": "abuse"}, self.abuse)]),
                           remarks=rem),
                    entity(f"OP{self.i}-RIPE", ["administrative", "technical"],
                           vcard("Ops", [({"type": "email"}, f"noc@{d}")]))]
            return o, whois
        if rir == "apnic":
            o = self.base(rng_text, "AU")
            if r < 0.20:
                self.shape = "apnic-twnic-mirror"
                o["country"] = "TW"
                o["remarks"] = [{"title": "remarks", "description": [
                    "This information has been partially mirrored by APNIC from",
                    "TWNIC. To obtain more specific information, please use the",
                    "TWNIC whois server at whois.twnic.net.tw."]}]
                o["entities"] = [
                    entity(f"IRT-H{self.i}-TW", ["abuse"],
                           vcard("IRT", [({}, f"irt@{d}"), ({"pref": "1"}, self.abuse)])),
                    entity(f"HN{self.i}-TW", ["administrative", "technical"], vcard("Holder NOC", [({}, f"irt@{d}")])),
                    entity("IRT-TWNIC-AP", ["registrant"], vcard("TWNIC", [({}, "hostmaster@twnic.net.tw")]))]
            else:
                self.shape = "apnic-irt"
                o["entities"] = [
                    entity(f"IRT-N{self.i}-AU", ["abuse"],
                           vcard("IRT", [({}, f"irt@{d}"), ({"pref": "1"}, self.abuse)]),
                           remarks=[f"{self.abuse} was validated on 2025-02-01"]),
                    entity(f"NO{self.i}-AP", ["administrative", "technical"], vcard("NOC", [({}, f"irt@{d}")]))]
            return o, None
        if rir == "lacnic":
            self.shape = "lacnic-abuse"
            o = self.base(str(self.net), "BR")
            o["entities"] = [entity(f"ORG{self.i}", ["registrant"], vcard(f"Org {self.i}", [({}, f"owner@{d}")])),
                             entity(f"AB{self.i}", ["abuse"], vcard("Abuse", [({}, self.abuse)])),
                             entity(f"TE{self.i}", ["technical"], vcard("Tech", [({}, f"tech@{d}")]))]
            return o, None
        self.shape = "afrinic-withheld"
        o = self.base(rng_text, "ZA")
        o["entities"] = [entity(f"TE{self.i}-AFRINIC", ["technical"], vcard("Tech"))]
        whois = (f"% Information related to '{rng_text}'\n\n% No abuse contact registered for {rng_text}\n\n"
                 f"inetnum:        {rng_text}\nnetname:        NET-{self.i}\ncountry:        ZA\n"
                 f"remarks:        please send abuse reports to {self.abuse}\n"
                 f"tech-c:         TE{self.i}-AFRINIC\nsource:         AFRINIC\n\n"
                 f"person:         Tech\ne-mail:         tech@{d}\nnic-hdl:        TE{self.i}-AFRINIC\n"
                 f"source:         AFRINIC\n")
        return o, whois


def shares(busiest):
    """The registries' shares of the networks: the usual ones, or with `busiest` ("ripe=0.4")
    holding that share and the others the rest in their usual proportions."""
    if not busiest:
        return dict(SHARE)
    name, _, value = busiest.partition("=")
    if name not in SHARE or not value:
        raise SystemExit(f"--busiest: {busiest!r} is not RIR=SHARE with RIR one of {', '.join(SHARE)}")
    share = float(value)
    rest = sum(v for k, v in SHARE.items() if k != name)
    return {k: (share if k == name else v * (1 - share) / rest) for k, v in SHARE.items()}


def make_world(n, seed, share=None):
    rng = random.Random(seed)
    nets, used = [], set()
    share = share or SHARE
    names = list(share)
    for i in range(n):
        rir = rng.choices(names, weights=[share[x] for x in names])[0]
        while True:
            first = rng.choice(RIRS[rir][3])
            net = ipaddress.ip_network(f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.0/24")
            if net not in used:
                used.add(net)
                break
        nets.append(Network(i, rir, net, rng))
    return nets


class Budget:
    """A server's politeness budget, enforced: a token bucket (`rate` a second, `burst` at once)
    and `concurrency` questions at a time. A question beyond it is refused, as registries do."""

    def __init__(self, rate, burst, concurrency):
        self.rate, self.capacity = rate, burst
        self.tokens, self.last = float(burst), time.monotonic()
        self.slots, self.active = concurrency, 0
        self.lock = threading.Lock()

    def enter(self):
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens < 1.0 or self.active >= self.slots:
                if os.environ.get("BENCH_DEBUG"):
                    print("refused:", "tokens" if self.tokens < 1.0 else "concurrency",
                          round(self.tokens, 2), self.active, file=sys.stderr)
                return False
            self.tokens -= 1.0
            self.active += 1
            return True

    def leave(self):
        with self.lock:
            self.active -= 1


class World:
    split_dir = None  # the published files' folder, once written (bench --mirror)
    nrtm_dir = None   # the NRTMv4 files' folder, once published (bench --nrtm)

    def __init__(self, nets, rate=0, burst=1, concurrency=1, latency=0.0):
        self.by_rir = {r: {} for r in RIRS}
        for n in nets:
            self.by_rir[n.rir][int(n.net.network_address) >> 8] = n
        self.counts, self.refusals, self.lock = {}, {}, threading.Lock()
        self.latency = latency
        self.budgets = {}
        if rate > 0:
            for host, _, server, _ in RIRS.values():
                # Two questions of slack over the budget told to renraku: 100 ms of timing
                # jitter on loopback (thread scheduling in this simulator) is not a breach.
                self.budgets[host] = Budget(rate, burst + 2, concurrency)
                self.budgets[server] = Budget(rate, burst + 2, concurrency)

    def find(self, rir, address):
        try:
            a = ipaddress.ip_address(address.split("/")[0])
        except ValueError:
            return None
        return self.by_rir[rir].get(int(a) >> 8)

    def count(self, server):
        with self.lock:
            self.counts[server] = self.counts.get(server, 0) + 1

    def admit(self, server):
        """True when the question is within the server's budget (then call done())."""
        b = self.budgets.get(server)
        if b is None or b.enter():
            return True
        with self.lock:
            self.refusals[server] = self.refusals.get(server, 0) + 1
        return False

    def done(self, server):
        b = self.budgets.get(server)
        if b is not None:
            b.leave()

    def reset(self):
        with self.lock:
            self.counts, self.refusals = {}, {}


def serve(world, run_dir):
    from rdap_server import make_certificates, CERT_HOSTS  # noqa: F401  (the test world's CA maker)
    import rdap_server
    rdap_server.CERT_HOSTS = [v[0] for v in RIRS.values()] + [DUMPS_HOST, NRTM_HOST]
    ca, cert, key = make_certificates(run_dir)
    host_rir = {v[0]: k for k, v in RIRS.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            # The TLS handshake in this connection's own thread, as a real server's workers do:
            # done in the accepting thread, one slow handshake held up every other connection.
            try:
                self.request.do_handshake()
            except (OSError, ValueError):
                pass
            super().setup()

        def log_message(self, *args):
            pass

        def published(self, folder, prefix):
            """A file of `folder` asked for as prefix + its name; 404 for anything else."""
            name = self.path[len(prefix):]
            path = os.path.join(folder or "", name)
            ok = folder and self.path.startswith(prefix) and "/" not in name and os.path.isfile(path)
            body = open(path, "rb").read() if ok else b"not found\n"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            # Published files, not questions to a registry: the RIPE NCC's NRTMv4 folder
            # (bench --nrtm) and the registries' split files (bench --mirror).
            if host == NRTM_HOST:
                return self.published(world.nrtm_dir, NRTM_FOLDER)
            if host == DUMPS_HOST:
                return self.published(world.split_dir, "/split/")
            world.count(host)
            if not world.admit(host):
                body = b'{"errorCode":429,"title":"too many requests"}'
                self.send_response(429)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/rdap+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            try:
                if world.latency:
                    time.sleep(world.latency)
                rir = host_rir.get(host)
                body, code = b'{"errorCode":404}', 404
                if rir and "/ip/" in self.path:
                    n = world.find(rir, self.path.split("/ip/", 1)[1])
                    if n:
                        body, code = json.dumps(n.rdap).encode(), 200
            finally:
                world.done(host)
            self.send_response(code)
            self.send_header("Content-Type", "application/rdap+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    # The listen backlog is set before the socket listens (the constructor does): a backlog of
    # five dropped connections of a burst, and each dropped SYN cost the client a second.
    class Server(ThreadingHTTPServer):
        request_queue_size = 256

    https = Server(("127.0.0.1", 0), Handler)
    https.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    https.socket = ctx.wrap_socket(https.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=https.serve_forever, daemon=True).start()

    ports = {}
    for rir, (_, _, server, _) in RIRS.items():
        class WhoisHandler(socketserver.StreamRequestHandler):
            def handle(self, rir=rir, server=server):
                line = self.rfile.readline(1024).decode("ascii", "replace").strip()
                world.count(server)
                if not world.admit(server):
                    self.wfile.write(b"%ERROR:201: access denied for 127.0.0.1 (query rate limit exceeded)\n")
                    return
                try:
                    if world.latency:
                        time.sleep(world.latency)
                    q = line.split()[-1] if line.split() else ""
                    n = world.find(rir, q)
                    text = n.whois if n and n.whois else "%ERROR:101: no entries found\n"
                finally:
                    world.done(server)
                self.wfile.write(text.encode())

        socketserver.ThreadingTCPServer.request_queue_size = 256
        srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), WhoisHandler)
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        ports[server] = srv.server_address[1]
    return ca, https.server_address[1], ports


def nrtm_update(args, cfg, run_dir, split, world):
    """The RIPE NCC's mirror by NRTMv4: a signed snapshot of its split files, loaded; then a
    delta re-publishing every RIPE role object (add_modify, the same text), applied. Returns
    the figures of each step."""
    py = "/usr/bin/python3"  # Debian's, with python3-cryptography
    key = os.path.join(run_dir, "nrtm-key")
    subprocess.run([py, PUBLISH, "keygen", "--kind", "p256", "--private", key + ".pem",
                    "--public", key + ".pub"], check=True)
    files = [os.path.join(split, f) for f in mirror_files.FILES["ripe"]]
    plan = {"source": "RIPE", "session_id": "3f2b8c1e-6d4a-4e9b-9c7f-1a2b3c4d5e6f",
            "key": key + ".pem", "snapshot": {"version": 1, "files": files}}
    world.nrtm_dir = os.path.join(run_dir, "nrtm")
    figures, output = {}, []

    def publish_and_update(step):
        with open(os.path.join(run_dir, "nrtm-plan.json"), "w") as f:
            json.dump(plan, f)
        t0 = time.monotonic()
        subprocess.run([py, PUBLISH, "publish", os.path.join(run_dir, "nrtm-plan.json"),
                        "--dir", world.nrtm_dir], check=True)
        figures[step + "_published_s"] = round(time.monotonic() - t0, 2)
        t0 = time.monotonic()
        p = subprocess.run([args.renraku, "mirror", "update", "--config", cfg, "--registry", "ripe"],
                           capture_output=True, text=True)
        figures[step + "_update_s"] = round(time.monotonic() - t0, 2)
        if p.returncode != 0:
            raise SystemExit(f"renraku mirror update (NRTMv4) failed: {p.stderr}")
        output.extend(p.stdout.strip().splitlines())

    publish_and_update("snapshot")
    sys.path.insert(0, os.path.dirname(PUBLISH))
    import nrtm_publish  # the publisher's own RPSL reader (python3-cryptography, bench only)
    roles = list(nrtm_publish.rpsl_objects(os.path.join(split, "ripe.db.role.gz")))
    plan["deltas"] = [{"version": 2, "changes": [{"action": "add_modify", "object": t} for t in roles]}]
    figures["delta_changes"] = len(roles)
    publish_and_update("delta")
    figures["output"] = output
    return figures


def config_text(ca, https_port, whois_ports, cache_file, rate, burst, concurrency, timeout_ms=5000):
    connect = [f'"{v[0]}:443:127.0.0.1:{https_port}"' for v in RIRS.values()]
    connect += [f'"{s}:43:127.0.0.1:{p}"' for s, p in whois_ports.items()]
    connect += [f'"{DUMPS_HOST}:443:127.0.0.1:{https_port}"', f'"{NRTM_HOST}:443:127.0.0.1:{https_port}"']
    # Anything else is sent to a closed loopback port: nothing leaves the machine.
    connect += ['"*:443:127.0.0.1:9"', '"*:43:127.0.0.1:9"']
    text = (f'[network]\ntimeout_ms = {timeout_ms}\ndns_servers = ["127.0.0.1:9"]\ntls_ca_file = "{ca}"\n'
            f'connect_to = [\n  ' + ",\n  ".join(connect) + '\n]\n\n')
    if rate > 0:
        # The budget each registry's servers enforce, told to renraku as a user would.
        for host, _, server, _ in RIRS.values():
            for name in (host, server):
                text += (f'[network.limits."{name}"]\nper_minute = {rate * 60}\nburst = {burst}\n'
                         f'concurrency = {concurrency}\n\n')
    else:
        text += '[network.limits.default]\nper_minute = 100000\nburst = 1000\nconcurrency = 8\n\n'
    # The engine's own timeouts are the defaults a user has: waiting for a server's budget
    # must not need a longer one.
    text += f'[cache]\npath = "{cache_file}"\n'
    return text


def zipf_picks(nets, count, s, rng):
    """`count` networks drawn as addresses in a real log are: a few networks very often."""
    order = list(nets)
    rng.shuffle(order)
    weights = [1.0 / (rank + 1) ** s for rank in range(len(order))]
    return rng.choices(order, weights=weights, k=count)


def needed_questions(picks, mirrored=()):
    """Per server, the questions a client that asks each thing once must ask (none for a
    network of a mirrored registry)."""
    need = {}
    for n in {id(n): n for n in picks}.values():
        if n.rir in mirrored:
            continue
        host, _, server, _ = RIRS[n.rir]
        need[host] = need.get(host, 0) + 1
        if n.whois:
            need[server] = need.get(server, 0) + 1
    return need


def run_once(args, cfg, stdin, world):
    world.reset()
    t0 = time.monotonic()
    proc = subprocess.Popen([args.renraku, "lookup", "--config", cfg, "--format", "jsonl",
                             "--sources", "arin,ripe,apnic,lacnic,afrinic", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks = {"out": b"", "err": b""}

    def feed():
        try:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass

    def drain(name, f):
        chunks[name] = f.read()

    threads = [threading.Thread(target=feed), threading.Thread(target=drain, args=("out", proc.stdout)),
               threading.Thread(target=drain, args=("err", proc.stderr))]
    for t in threads:
        t.start()
    # renraku's own peak resident memory: its high-water mark, read while it runs (the rusage
    # of a child forked from this large process would count this process's pages).
    peak_kb = 0
    while proc.poll() is None:
        peak_kb = max(peak_kb, high_water_kb(proc.pid))
        time.sleep(0.05)
    wall = time.monotonic() - t0
    for t in threads:
        t.join()
    return proc.returncode, chunks["out"], chunks["err"], wall, peak_kb


def run_serve(args, text, addresses, world, run_dir):
    """The same batch through `renraku serve` as the page sends it: the addresses pasted as a
    firewall log, extracted, looked up as server-sent events, grouped by recipient. A cold
    cache of its own, the same sources as the command-line run. Returns the wall time from the
    paste to the grouped recipients, the recipients, and the server's peak memory."""
    import urllib.request
    world.reset()
    cfg = os.path.join(run_dir, "serve.toml")
    text = text.replace(os.path.join(run_dir, "cache.sqlite"), os.path.join(run_dir, "serve-cache.sqlite"))
    for other in ("cctld", "dns_soa", "first", "gtld", "jpnic", "jprs", "rfc2142", "security_txt"):
        text += f"\n[sources.{other}]\nenabled = false\n"
    with open(cfg, "w") as f:
        f.write(text)
    proc = subprocess.Popen([args.renraku, "serve", "--config", cfg, "--listen", "127.0.0.1:0",
                             "--work", os.path.join(run_dir, "work")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        base = line.split("open ", 1)[1].split("/#", 1)[0]
        token = line.split("token=", 1)[1].strip()
        log = "".join(f"Nov 25 03:14:{i % 60:02d} fw kernel: DROP SRC={a} DST=203.0.113.5 PROTO=TCP DPT=22\n"
                      for i, (a, _) in enumerate(addresses))

        def call(path, body, accept="application/json"):
            req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
            req.add_header("Authorization", "Bearer " + token)
            req.add_header("Content-Type", "application/json")
            req.add_header("Accept", accept)
            with urllib.request.urlopen(req, timeout=3600) as res:
                return res.read().decode()

        peak = [0]
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                peak[0] = max(peak[0], high_water_kb(proc.pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        t0 = time.monotonic()
        extracted = json.loads(call("/api/extract", {"text": log}))
        indicators = [i["value"] for i in extracted["indicators"] if not i["ours"]]
        stream = call("/api/lookup", {"indicators": indicators}, "text/event-stream")
        results = [json.loads(block.split("data: ", 1)[1]) for block in stream.split("\n\n")
                   if block.startswith("event: result")]
        plan = json.loads(call("/api/plan", {"results": results}))
        wall = time.monotonic() - t0
        stop.set()
        watcher.join()
        return wall, len(indicators), len(results), len(plan["recipients"]), peak[0], results
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_redis(run_dir):
    """A Redis of the bench's own on loopback, nothing kept on disk."""
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", run_dir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis as redis_client  # python3-redis
    r = redis_client.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            r.ping()
            return proc, port, r
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def shared_config(text, port):
    """The same config, with the cache and the politeness budget in Redis."""
    text = text.replace("[network]\n", "[network]\nlimiter = \"redis\"\n", 1)
    text = re.sub(r'\[cache\]\npath = "[^"]*"', '[cache]\nbackend = "redis"', text)
    return text + f'\n[redis]\nurl = "redis://127.0.0.1:{port}/0"\n'


def run_workers(args, cfg, addresses, world, r):
    """N workers on one stream sharing one Redis: the producer writes every address first
    (as a pipeline would), then the workers start; optionally one is killed mid-run."""
    world.reset()
    r.delete("renraku:in", "renraku:out")
    pipe = r.pipeline(transaction=False)
    ids = []
    for i, (a, _) in enumerate(addresses):
        pipe.xadd("renraku:in", {"indicator": a})
        if i % 2000 == 1999:
            ids += pipe.execute()
    ids += pipe.execute()
    ids = [i.decode() for i in ids]
    t0 = time.monotonic()
    workers = [subprocess.Popen([args.renraku, "worker", "--config", cfg, "--claim-after",
                                 str(args.claim_after), "--consumer", f"w{k}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for k in range(args.workers)]
    peak_kb = {}
    killed = None
    done = 0
    while done < len(ids):
        for k, w in enumerate(workers):
            peak_kb[k] = max(peak_kb.get(k, 0), high_water_kb(w.pid))
        if args.kill_worker_at and killed is None and time.monotonic() - t0 >= args.kill_worker_at:
            workers[0].kill()  # SIGKILL: whatever it holds stays pending, to be claimed
            killed = round(time.monotonic() - t0, 1)
        if time.monotonic() - t0 > args.timeout:
            break
        if all(w.poll() is not None for w in workers):
            for w in workers:
                print(w.stderr.read().decode(errors="replace")[-2000:], file=sys.stderr)
            break
        time.sleep(0.1)
        done = r.xlen("renraku:out")
    wall = time.monotonic() - t0
    for w in workers:
        if w.poll() is None:
            w.send_signal(signal.SIGTERM)
    for w in workers:
        w.wait()
    out = []
    per_id = {}
    last = "-"
    while True:
        chunk = r.xrange("renraku:out", min=last, max="+", count=5000)
        if last != "-":
            chunk = chunk[1:]
        if not chunk:
            break
        for entry_id, fields in chunk:
            per_id[fields[b"id"].decode()] = per_id.get(fields[b"id"].decode(), 0) + 1
            out.append(fields[b"result"])
        last = chunk[-1][0]
    pending = r.xpending("renraku:in", "renraku")["pending"]
    if os.environ.get("BENCH_DEBUG"):
        stamps = sorted(int(e[0].decode().split("-")[0]) for e in r.xrange("renraku:out", count=len(ids) + 10))
        first = stamps[0]
        for q in (0.5, 0.9, 0.99, 0.999, 1.0):
            print(f"results: {q:.3f} done by {(stamps[min(len(stamps) - 1, int(q * len(stamps)))] - first) / 1000:.2f} s",
                  file=sys.stderr)
    lost = sum(1 for i in ids if i not in per_id)
    twice = sum(1 for n in per_id.values() if n > 1)
    return b"\n".join(out), wall, peak_kb, {"killed_worker_at_s": killed, "entries": len(ids),
                                            "answered": len(per_id), "lost": lost,
                                            "answered_twice": twice, "pending_after": pending}


def score(addresses, out):
    results = {}
    for line in out.decode().splitlines():
        if line.strip():
            r = json.loads(line)
            results[r["indicator"]] = r
    right, wrong_by_shape, shapes, examples = 0, {}, {}, []
    errors, error_kinds = 0, {}
    for r in results.values():
        errs = [e for e in r.get("errors", []) if e.get("source") != "input"]
        if errs:
            errors += 1
            for e in errs:
                kind = re.sub(r"[0-9.:/]+", "N", e.get("message", ""))[:90]
                error_kinds[kind] = error_kinds.get(kind, 0) + 1
    for a, n in addresses:
        shapes[n.shape] = shapes.get(n.shape, 0) + 1
        r = results.get(a)
        tos = [c.get("email") for c in (r or {}).get("contacts", []) if c.get("recommend") == "to"]
        if tos and tos[0] == n.abuse:
            right += 1
        else:
            wrong_by_shape[n.shape] = wrong_by_shape.get(n.shape, 0) + 1
            if len(examples) < 5:
                examples.append((a, n.shape, n.abuse, tos, (r or {}).get("errors"),
                                 [x.get("message", "")[:160] for x in (r or {}).get("notes", [])][:3]))
    return right, wrong_by_shape, shapes, examples, errors, error_kinds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["run"])
    ap.add_argument("--networks", type=int, default=5000)
    ap.add_argument("--addresses", type=int, default=0,
                    help="addresses to look up, drawn Zipf-like (default: one in each network)")
    ap.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent of the draw")
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--rate", type=float, default=20,
                    help="questions a second each server allows (0: no budget)")
    ap.add_argument("--burst", type=int, default=4)
    ap.add_argument("--concurrency", type=int, default=4, help="questions at once each server allows")
    ap.add_argument("--latency-ms", type=float, default=50, help="each server's time to answer")
    ap.add_argument("--busiest", default="",
                    help="RIR=SHARE: that registry holds this share of the networks (ripe=0.4), "
                         "the others the rest in their usual proportions")
    ap.add_argument("--timeout-ms", type=int, default=5000,
                    help="renraku's network.timeout_ms (the time it may talk to a server)")
    ap.add_argument("--warm", action="store_true", help="run a second time on the cache the first left")
    ap.add_argument("--renraku", default=os.path.join(HERE, "..", "build", "bin", "renraku"))
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--workers", type=int, default=0,
                    help="N `renraku worker`s on a Redis stream, sharing the cache and budget in Redis")
    ap.add_argument("--kill-worker-at", type=float, default=0,
                    help="with --workers: SIGKILL one worker this many seconds in")
    ap.add_argument("--claim-after", type=int, default=5,
                    help="with --workers: seconds before an entry a worker left is taken over")
    ap.add_argument("--timeout", type=float, default=1800, help="with --workers: give up after this")
    ap.add_argument("--mirror", default="",
                    help="registries answered from local mirrors (ripe,apnic,afrinic): the world's "
                         "networks written as their split files and imported first")
    ap.add_argument("--nrtm", action="store_true",
                    help="with --mirror ripe: the RIPE NCC's mirror by NRTMv4 instead (a signed "
                         "snapshot of its split files, then a delta re-publishing every role)")
    ap.add_argument("--serve", action="store_true",
                    help="then the same batch pasted as a log into renraku serve's API (cold cache)")
    args = ap.parse_args()

    nets = make_world(args.networks, args.seed, shares(args.busiest))
    rng = random.Random(args.seed + 1)
    picks = zipf_picks(nets, args.addresses, args.zipf, rng) if args.addresses else list(nets)
    addresses = [(str(n.net[rng.randrange(1, 255)]), n) for n in picks]

    run_dir = tempfile.mkdtemp(prefix="renraku-bench-")
    redis_proc = None
    try:
        world = World(nets, args.rate, args.burst, args.concurrency, args.latency_ms / 1000.0)
        ca, port, whois_ports = serve(world, run_dir)
        cfg = os.path.join(run_dir, "renraku.toml")
        text = config_text(ca, port, whois_ports, os.path.join(run_dir, "cache.sqlite"),
                           args.rate, args.burst, args.concurrency, args.timeout_ms)
        if args.workers:
            redis_proc, redis_port, r = start_redis(run_dir)
            text = shared_config(text, redis_port)
        mirrored = [m for m in args.mirror.split(",") if m]
        mirror_figures = None
        nrtm = args.nrtm and "ripe" in mirrored
        if mirrored:
            text += (f'\n[mirror]\nregistries = {json.dumps(mirrored)}\n'
                     f'dir = "{os.path.join(run_dir, "mirrors")}"\n')
            if nrtm:
                text += f'nrtm_keys = {{ ripe = "{os.path.join(run_dir, "nrtm-key.pub")}" }}\n'
        with open(cfg, "w") as f:
            f.write(text)
        if mirrored:
            split = os.path.join(run_dir, "split")
            t0 = time.monotonic()
            mirror_files.write_split(nets, split)
            world.split_dir = split
            written = time.monotonic() - t0
            t0 = time.monotonic()
            # Downloaded over loopback HTTPS, as from the registries' own folders.
            by_files = [m for m in mirrored if not (nrtm and m == "ripe")]
            lines = []
            if by_files:
                p = subprocess.run([args.renraku, "mirror", "update", "--config", cfg, "--from",
                                    f"https://{DUMPS_HOST}/split/", "--registry", ",".join(by_files)],
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    raise SystemExit(f"renraku mirror update failed: {p.stderr}")
                lines += p.stdout.strip().splitlines()
            mirror_figures = {"registries": mirrored, "files_written_s": round(written, 2),
                              "download_and_import_s": round(time.monotonic() - t0, 2)}
            if nrtm:
                mirror_figures["nrtm"] = nrtm_update(args, cfg, run_dir, split, world)
                lines += mirror_figures["nrtm"].pop("output")
            mirror_figures["import"] = lines
        stdin = "\n".join(a for a, _ in addresses) + "\n"
        need = needed_questions(picks, mirrored)
        bound = 0.0
        if args.rate > 0:
            for server, n in need.items():
                bound = max(bound, max(0, n - args.burst) / args.rate,
                            n * args.latency_ms / 1000.0 / args.concurrency)
        figures = {"networks": args.networks, "addresses": len(addresses),
                   "distinct_networks_asked_about": len({id(n) for n in picks}),
                   "budget": {"rate_per_s": args.rate, "burst": args.burst,
                              "concurrency": args.concurrency, "latency_ms": args.latency_ms},
                   "shares": {k: round(v, 3) for k, v in shares(args.busiest).items()},
                   "timeout_ms": args.timeout_ms,
                   "questions_needed": sum(need.values()), "polite_bound_s": round(bound, 1),
                   "runs": []}
        if mirror_figures:
            figures["mirror"] = mirror_figures
        for label in (["cold", "warm"] if args.warm else ["cold"]):
            stream = None
            if args.workers:
                out, wall, peaks, stream = run_workers(args, cfg, addresses, world, r)
                code, err, peak_kb = 0, b"", max(peaks.values(), default=0)
                figures["workers"] = args.workers
            else:
                code, out, err, wall, peak_kb = run_once(args, cfg, stdin, world)
            right, wrong_by_shape, shapes, examples, errors, error_kinds = score(addresses, out)
            asked = sum(world.counts.values())
            run = {"cache": label, "exit_status": code,
                   "questions": dict(sorted(world.counts.items())), "questions_total": asked,
                   "questions_per_needed": round(asked / max(1, sum(need.values())), 3),
                   "refusals": sum(world.refusals.values()),
                   "wall_s": round(wall, 2),
                   "wall_per_bound": round(wall / bound, 2) if bound else None,
                   "peak_rss_mb": round(peak_kb / 1024, 1),
                   "true_abuse_contact_top_to": right,
                   "accuracy": round(right / max(1, len(addresses)), 4),
                   "wrong_by_shape": wrong_by_shape,
                   "indicators_with_errors": errors,
                   "errors_by_kind": dict(sorted(error_kinds.items(), key=lambda kv: -kv[1])[:5]),
                   "summary": err.decode(errors="replace").strip().splitlines()[-1:]}
            if stream is not None:
                run["stream"] = stream
                run["peak_rss_mb_per_worker"] = run.pop("peak_rss_mb")
            figures["runs"].append(run)
            figures["shapes"] = shapes
            for e in examples:
                print("wrong:", e, file=sys.stderr)
            if code not in (0, 1, 3):
                print(err.decode()[-2000:], file=sys.stderr)
        if args.serve:
            cli_wall = figures["runs"][0]["wall_s"]
            wall, pasted, got, recipients, peak_kb, results = run_serve(args, text, addresses, world, run_dir)
            right, _, _, _, _, _ = score(addresses, "\n".join(json.dumps(r) for r in results).encode())
            figures["serve"] = {"indicators_pasted": pasted, "results": got, "recipients": recipients,
                                "questions_total": sum(world.counts.values()),
                                "wall_s": round(wall, 2),
                                "wall_per_cli": round(wall / cli_wall, 2) if cli_wall else None,
                                "peak_rss_mb": round(peak_kb / 1024, 1),
                                "accuracy": round(right / max(1, len(addresses)), 4)}
        print(json.dumps(figures, indent=2))
        if args.json:
            with open(args.json, "w") as f:
                f.write(json.dumps(figures, indent=2) + "\n")
        return 0
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait()
        if os.environ.get("BENCH_KEEP"):
            print("kept", run_dir, file=sys.stderr)
        else:
            shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
