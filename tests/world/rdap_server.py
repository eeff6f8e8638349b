"""RDAP (HTTPS) test server serving recorded RDAP answers, with a test CA made at start.

One HTTPS port serves every registry host (the Host header says which): an ip question gets
the recorded network whose startAddress..endAddress is the most specific one holding the
address, an autnum question the recorded AS range holding the number, an entity its handle.
Hosts under .test misbehave, one way each. data.iana.org serves the shipped bootstrap files, so
that `renraku update-data` can be tested.
"""
import gzip
import ipaddress
import json
import os
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
CONFIG_DATA = os.path.join(HERE, "..", "..", "config", "data")
PORT = 8443
COUNTING_PORT = 8444  # the same, counted apart as "HOST#count" (see whois_server.py)
REGISTRIES = {
    "rdap.arin.net": "arin",
    "rdap.db.ripe.net": "ripe",
    "rdap.apnic.net": "apnic",
    "rdap.lacnic.net": "lacnic",
    "rdap.afrinic.net": "afrinic",
    "rdap.verisign.com": "verisign",
    "rdap.markmonitor.com": "markmonitor",
    "rdap.nic.cz": "cz.nic",
    "rdap.norid.no": "norid",
    "rdap.registro.br": "registro.br",
}
FAULT_HOSTS = ["rdap.stall.test", "rdap.ratelimit.test", "rdap.huge.test", "rdap.garbage.test",
               "rdap.redirect.test", "rdap.error.test", "rdap.ssrf.test",
               "rdap.ratelimit-years.test", "rdap.drip.test", "rdap.gzipbomb.test"]
# Sites publishing security.txt (RFC 9116), one way each: host -> (the file, where it is served).
SECURITY_TXT = {
    "sectxt-valid.test": ("valid.txt", "well-known"),
    "sectxt-expired.test": ("expired.txt", "well-known"),
    "sectxt-signed.test": ("signed.txt", "well-known"),
    "sectxt-tampered.test": ("tampered.txt", "well-known"),
    "sectxt-legacy.test": ("legacy.txt", "legacy"),
    "sectxt-canonical.test": ("canonical.txt", "well-known"),
    "sectxt-noexpires.test": ("noexpires.txt", "well-known"),
    "sectxt-garbage.test": ("garbage.txt", "well-known"),
    "sectxt-html.test": (None, "html"),      # a soft 404: an HTML page with status 200
    "sectxt-huge.test": (None, "huge"),      # 2 MiB of text/plain
    "sectxt-loop.test": (None, "loop"),      # redirects to itself
    "sectxt-none.test": (None, "none"),      # 404 at both locations
}
# The clouds' and CDNs' range feeds (platforms/feeds.json), served from synthetic files in
# each feed's own format, for update-data: (host, path) -> file, content type.
FEEDS = {
    ("ip-ranges.amazonaws.com", "/ip-ranges.json"): ("aws-ip-ranges.json", "application/json"),
    ("d7uri8nf7uskq.cloudfront.net", "/tools/list-cloudfront-ips"): ("cloudfront-ips.json", "application/json"),
    ("www.gstatic.com", "/ipranges/cloud.json"): ("google-cloud.json", "application/json"),
    ("www.cloudflare.com", "/ips-v4/"): ("cloudflare-ips-v4.txt", "text/plain"),
    ("www.cloudflare.com", "/ips-v6/"): ("cloudflare-ips-v6.txt", "text/plain"),
    ("api.fastly.com", "/public-ip-list"): ("fastly-public-ip-list.json", "application/json"),
    ("api.github.com", "/meta"): ("github-meta.json", "application/json"),
    ("docs.oracle.com", "/en-us/iaas/tools/public_ip_ranges.json"): ("oracle-public-ip-ranges.json", "application/json"),
    ("www.digitalocean.com", "/geo/google.csv"): ("digitalocean-geofeed.csv", "text/csv"),
    ("geoip.linode.com", "/"): ("linode-geofeed.csv", "text/plain"),
    ("geofeed.constant.com", "/?text"): ("vultr-geofeed.txt", "text/plain"),
    ("platform-rules.test", "/rules.json"): ("platform-rules.json", "application/json"),
    # Azure's service tags: a weekly file under a new name, linked from a fixed page.
    ("www.microsoft.com", "/en-us/download/details.aspx?id=56519"): ("azure-download-page.html", "text/html"),
    ("download.microsoft.com", "/download/7/1/D/71D86715-5596-4529-9B13-DA13A5DE5B63/ServiceTags_Public_20261130.json"): ("azure-service-tags.json", "application/json"),
}
# The RIPE NCC's published database files (renraku mirror update), from the synthetic split
# files, gzipped when asked; the files the synthetic set has none of are published empty.
MIRROR_SPLIT = "/ripe/dbase/split/"
MIRROR_SERIAL = "/ripe/dbase/RIPE.CURRENTSERIAL"
# The RIPE NCC's NRTMv4 folder on nrtm.db.ripe.net.
NRTM_FOLDER = "/nrtmv4/RIPE/"


def mirror_file(path):
    """(body, type) for a path of ftp.ripe.net, or None."""
    folder = os.path.join(DATA, "synthetic", "mirror", "ripe")
    if path == MIRROR_SERIAL:
        return open(os.path.join(folder, "RIPE.CURRENTSERIAL"), "rb").read(), "text/plain"
    if not path.startswith(MIRROR_SPLIT) or not path.endswith(".gz"):
        return None
    name = path[len(MIRROR_SPLIT):-3]
    if "/" in name or not name.startswith("ripe.db."):
        return None
    source = os.path.join(folder, name)
    text = open(source, "rb").read() if os.path.exists(source) else b""
    return gzip.compress(text), "application/gzip"


CERT_HOSTS = (list(REGISTRIES) + FAULT_HOSTS + list(SECURITY_TXT) +
              ["data.iana.org", "api.first.org", "privacy-list.test", "localhost", "ftp.ripe.net",
               "nrtm.db.ripe.net"] +
              sorted({host for host, _ in FEEDS}))
# rdap.wrongname.test is sent here too, but the certificate does not name it.
ALL_HOSTS = CERT_HOSTS + ["rdap.wrongname.test"]


def connect_to_entries():
    """network.connect_to entries that send renraku's HTTPS to this server."""
    return [f"{h}:443:127.0.0.1:{PORT}" for h in ALL_HOSTS if h != "localhost"]


def make_certificates(run_dir):
    """A test CA and a server certificate for every host above; returns (ca, cert, key)."""
    ca_key, ca = os.path.join(run_dir, "ca.key"), os.path.join(run_dir, "ca.pem")
    key, csr, cert = (os.path.join(run_dir, n) for n in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(run_dir, "server.ext")
    run = lambda *a: subprocess.run(a, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca,
        "-days", "30", "-subj", "/CN=renraku test world CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
        "-subj", "/CN=renraku test world")
    with open(ext, "w") as f:
        f.write("subjectAltName=" + ",".join(f"DNS:{h}" for h in CERT_HOSTS) + ",IP:127.0.0.1\n")
        f.write("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
        "-out", cert, "-days", "30", "-extfile", ext)
    return ca, cert, key


def loose_address(text):
    """Addresses as registries write them: '074.125.000.000', '62.239.237.0/32'."""
    text = text.split("/")[0].strip()
    if "." in text and ":" not in text:
        text = ".".join(str(int(p)) for p in text.split("."))
    return ipaddress.ip_address(text)


# Many networks of one registry, for tests of waiting for a server's budget: every /24 of
# 198.18.0.0/15 (the benchmarking block, RFC 2544) is a network of its own at ARIN, made up when
# asked (with a test's own bootstrap data sending the block to ARIN).
QUEUE_BLOCK = ipaddress.ip_network("198.18.0.0/15")


def queue_network(address):
    """An ARIN-style RDAP answer for the /24 holding `address`, with its own abuse mailbox."""
    net = ipaddress.ip_network(f"{address}/24", strict=False)
    tag = str(net.network_address).replace(".", "-")
    vcard = lambda fn, email: ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", fn],
                                         ["kind", {}, "text", "group"],
                                         ["email", {}, "text", email]]]
    return json.dumps({
        "objectClassName": "ip network", "handle": "NET-" + tag.upper(), "name": "QUEUE-" + tag,
        "startAddress": str(net.network_address), "endAddress": str(net.broadcast_address),
        "ipVersion": "v4", "type": "DIRECT ASSIGNMENT",
        "cidr0_cidrs": [{"v4prefix": str(net.network_address), "length": 24}],
        "events": [{"eventAction": "last changed", "eventDate": "2025-06-01T00:00:00Z"}],
        "entities": [{"objectClassName": "entity", "handle": "ABUSE-" + tag.upper(),
                      "roles": ["abuse"], "vcardArray": vcard("Abuse " + tag, f"abuse@{tag}.queue.test")}],
        "rdapConformance": ["rdap_level_0", "cidr0"], "port43": "whois.arin.net"}).encode()


class Registry:
    def __init__(self, folder):
        self.networks, self.autnums, self.entities, self.domains = [], [], {}, {}
        # Recorded answers first, then fixtures written in the registry's format where no
        # recording exists (tests/data/synthetic/rdap, marked in its PROVENANCE.tsv).
        files = []
        for kind in ("corpus", "synthetic"):
            path = os.path.join(DATA, kind, "rdap", folder)
            files += [os.path.join(path, n) for n in sorted(os.listdir(path))] if os.path.isdir(path) else []
        for file in files:
            if not file.endswith(".json"):
                continue
            raw = open(file, "rb").read()
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            kind = obj.get("objectClassName") or ("ip network" if "startAddress" in obj else None)
            if kind == "ip network" and "startAddress" in obj:
                try:
                    a = loose_address(obj["startAddress"])
                    b = loose_address(obj["endAddress"])
                except ValueError:
                    continue
                self.networks.append((a, b, raw))
            elif kind == "autnum":
                self.autnums.append((int(obj.get("startAutnum", 0)), int(obj.get("endAutnum", obj.get("startAutnum", 0))), raw))
            elif kind == "entity" and "handle" in obj:
                self.entities[obj["handle"].upper()] = raw
            elif kind == "domain" and "ldhName" in obj:
                self.domains.setdefault(obj["ldhName"].lower().rstrip("."), raw)

    def answer(self, path):
        parts = path.split("?")[0].strip("/").split("/")
        for i, p in enumerate(parts):
            rest = parts[i + 1:]
            if p == "ip" and rest:
                try:
                    net = ipaddress.ip_network("/".join(rest[:2]), strict=False)
                except ValueError:
                    return 400, None
                best = None
                for a, b, raw in self.networks:
                    if a.version == net.version and a <= net[0] and net[-1] <= b:
                        if best is None or int(b) - int(a) < int(best[1]) - int(best[0]):
                            best = (a, b, raw)
                return (200, best[2]) if best else (404, None)
            if p == "autnum" and rest:
                n = int(rest[0]) if rest[0].isdigit() else -1
                for a, b, raw in self.autnums:
                    if a <= n <= b:
                        return 200, raw
                return 404, None
            if p == "entity" and rest:
                raw = self.entities.get(rest[0].upper())
                return (200, raw) if raw else (404, None)
            if p == "domain" and rest:
                raw = self.domains.get(rest[0].lower().rstrip("."))
                return (200, raw) if raw else (404, None)
        return 400, None


class RdapWorld:
    def __init__(self, run_dir, counter):
        self.run_dir = run_dir
        self.ca, cert, key = make_certificates(run_dir)
        self.registries = {host: Registry(folder) for host, folder in REGISTRIES.items()}
        self.servers = [self.make_server(PORT, counter, "", cert, key),
                        self.make_server(COUNTING_PORT, counter, "#count", cert, key)]

    def make_server(self, port, counter, suffix, cert, key):
        world = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send(self, code, body, ctype="application/rdap+json", headers=()):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def security_txt(self, host):
                name, how = SECURITY_TXT[host]
                path = self.path.split("?")[0]
                wanted = {"well-known": "/.well-known/security.txt", "legacy": "/security.txt"}
                if how == "html":
                    return self.send(200, b"<html><body>Not found, but here is our home page</body></html>",
                                     "text/html")
                if how == "huge":
                    return self.send(200, b"Contact: mailto:x@sectxt-huge.test\n" + b"# " + b"x" * (2 << 20) + b"\n",
                                     "text/plain; charset=utf-8")
                if how == "loop":
                    return self.send(302, b"", "text/plain", headers=[("Location", "https://" + host + path)])
                if how in wanted and path == wanted[how]:
                    body = open(os.path.join(DATA, "synthetic", "security.txt", name), "rb").read()
                    return self.send(200, body, "text/plain; charset=utf-8")
                return self.send(404, b"not found", "text/plain")

            def do_GET(self):
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                counter(host + suffix, self.path)
                if host == "rdap.stall.test":
                    time.sleep(30)
                    return
                if host == "rdap.ratelimit.test":
                    return self.send(429, b'{"errorCode":429,"title":"Too Many Requests"}', headers=[("Retry-After", "120")])
                if host == "rdap.gzipbomb.test":
                    # 64 MiB of zeros in 64 KiB of gzip, sent as the body whether asked or not.
                    import gzip
                    bomb = gzip.compress(b"\0" * (64 << 20), compresslevel=9)
                    return self.send(200, bomb, "application/rdap+json",
                                     headers=[("Content-Encoding", "gzip")])
                if host == "rdap.drip.test":
                    # Headers at once, then one byte every 50 ms: each read is quick, the whole
                    # answer never ends.
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rdap+json")
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    try:
                        for _ in range(1200):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.05)
                    except OSError:
                        pass
                    return
                if host == "rdap.ratelimit-years.test":
                    return self.send(429, b'{"errorCode":429}', headers=[("Retry-After", "999999999")])
                if host == "rdap.huge.test":
                    return self.send(200, b'{"objectClassName":"ip network","remarks":["' + b"x" * (3 << 20) + b'"]}')
                if host == "rdap.garbage.test":
                    return self.send(200, b"<html>\x1b[2J not json \x00\xff</html>", "text/html")
                if host == "rdap.redirect.test":
                    return self.send(302, b"", headers=[("Location", "https://rdap.redirect.test" + self.path)])
                if host == "rdap.ssrf.test":
                    # Redirects a hostile registry might send: into loopback space, down to HTTP.
                    if self.path.startswith("/loopback"):
                        return self.send(302, b"", headers=[("Location", "https://127.0.0.2:8443/secret")])
                    return self.send(302, b"", headers=[("Location", "http://rdap.ssrf.test/x")])
                if host == "rdap.error.test":
                    return self.send(500, b'{"errorCode":500,"title":"Internal Server Error"}')
                if host == "data.iana.org" and self.path.startswith("/rdap/"):
                    name = os.path.basename(self.path)
                    path = os.path.join(CONFIG_DATA, "bootstrap", name)
                    if os.path.exists(path):
                        return self.send(200, open(path, "rb").read(), "application/json")
                    return self.send(404, b"not found", "text/plain")
                if host in SECURITY_TXT:
                    return self.security_txt(host)
                if host == "ftp.ripe.net":
                    found = mirror_file(self.path)
                    if found is None:
                        return self.send(404, b"not found\n", "text/plain")
                    return self.send(200, found[0], found[1])
                if host == "nrtm.db.ripe.net":
                    # NRTMv4 files a test published (tests/tools/nrtm_publish.py) into the run
                    # folder's nrtm/: what is there is served as it is, tampered or not.
                    name = self.path[len(NRTM_FOLDER):] if self.path.startswith(NRTM_FOLDER) else ""
                    path = os.path.join(world.run_dir, "nrtm", name)
                    if not name or "/" in name or name.startswith(".") or not os.path.isfile(path):
                        return self.send(404, b"not found\n", "text/plain")
                    return self.send(200, open(path, "rb").read(), "application/octet-stream")
                if (host, self.path) in FEEDS:
                    name, ctype = FEEDS[(host, self.path)]
                    path = os.path.join(DATA, "synthetic", "feeds", name)
                    return self.send(200, open(path, "rb").read(), ctype)
                if host == "privacy-list.test" and self.path == "/privacy-services.json":
                    path = os.path.join(DATA, "synthetic", "privacy", "services.json")
                    return self.send(200, open(path, "rb").read(), "application/json")
                if host == "api.first.org" and self.path.startswith("/data/v1/teams"):
                    path = os.path.join(DATA, "synthetic", "first", "teams-api.json")
                    return self.send(200, open(path, "rb").read(), "application/json")
                if host == "rdap.arin.net" and "/ip/" in self.path:
                    try:
                        asked = ipaddress.ip_address(self.path.split("/ip/", 1)[1].split("/")[0])
                    except ValueError:
                        asked = None
                    if asked is not None and asked in QUEUE_BLOCK:
                        return self.send(200, queue_network(asked))
                reg = world.registries.get(host)
                if reg is None:
                    return self.send(404, b'{"errorCode":404,"title":"Unknown host"}')
                code, raw = reg.answer(self.path)
                if raw is None:
                    return self.send(code, json.dumps({"errorCode": code, "title": "Not Found"}).encode())
                self.send(200, raw)

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        return server

    def start(self):
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def close(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()
