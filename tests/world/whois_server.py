"""Whois (TCP) test servers serving recorded registry answers, and servers that misbehave.

Each registry host name gets its own loopback port (renraku reaches it through
network.connect_to). An address question is answered with the recorded answer whose network
range (NetRange, CIDR, inetnum, inet6num, JPNIC's [Network Number]) is the most specific one
holding the address; an AS number with the recording of that aut-num; anything else with an
exact recorded question or the registry's "not found" text.
"""
import ipaddress
import os
import re
import socket
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")

REGISTRIES = {
    "whois.arin.net": 4301,
    "whois.ripe.net": 4302,
    "whois.apnic.net": 4303,
    "whois.lacnic.net": 4304,
    "whois.afrinic.net": 4305,
    "whois.nic.ad.jp": 4306,
    "whois.iana.org": 4307,
    "whois.jprs.jp": 4308,
}
# Servers that misbehave, one way each.
FAULTS = {
    "stall": 4391,         # accepts, reads the question, never answers
    "garbage": 4392,       # answers binary noise with terminal escapes
    "huge": 4393,          # answers 3 MiB
    "cutoff": 4394,        # answers half a record, then resets the connection
    "slow": 4395,          # answers after 3 s
    "ripe-ratelimit": 4396,  # RIPE's real refusal text
    "arin-ratelimit": 4397,  # ARIN's real refusal text
    "loop-a": 4398,        # refers to loop-b
    "loop-b": 4399,        # refers back to loop-a
    "ssrf": 4388,          # refers to a loopback address literal
    "drip": 4387,          # answers one byte every 50 ms, for a minute
}
CONTROL_PORT = 4300
# Every other recorded server (gTLD registries, registrars, ccTLD registries): one port each from
# DOMAIN_BASE in the sorted order of their folders, counted apart DOMAIN_COUNTING_OFFSET up.
DOMAIN_BASE = 5000
DOMAIN_COUNTING_OFFSET = 1000
# Whois for a host the world does not know: connect_to sends every other host here.
NOWHERE_PORT = 4390
# The same registries again, 100 ports up, counted apart ("HOST#count"): tests that count what
# was asked use these, so that other tests running at the same time do not disturb the count.
COUNTING_OFFSET = 100
NOT_FOUND = {
    "whois.arin.net": "No match found for {q}.\n",
    "whois.nic.ad.jp": "No match!!\n",
    "whois.jprs.jp": "No match!!\n",
}
DEFAULT_NOT_FOUND = "%ERROR:101: no entries found\n%\n% No entries found in source.\n"

RANGE_KEYS = re.compile(r"^(netrange|cidr|inetnum|inet6num|a\. \[network number\]|a\. \[ネットワーク番号\])[:\s]\s*(.+)$",
                        re.I | re.M)
ASN_KEYS = re.compile(r"^(aut-num|asnumber|a\. \[as number\])[:\s]\s*(?:AS)?(\d+)", re.I | re.M)


def provenance_questions():
    """Recorded file -> the question it answers, from the corpus's provenance table."""
    out = {}
    path = os.path.join(DATA, "corpus", "PROVENANCE.tsv")
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 5:
                out[cols[0]] = cols[5].strip()
    return out


PROVENANCE = provenance_questions()
NAME_QUESTION = re.compile(r"^(?=.*[a-z])[a-z0-9][a-z0-9.-]*$")


def domain_servers():
    """host -> port for every recorded whois server that is not an address registry."""
    folders = set()
    for kind in ("corpus", "synthetic"):
        root = os.path.join(DATA, kind, "whois")
        if os.path.isdir(root):
            folders.update(d for d in os.listdir(root)
                           if os.path.isdir(os.path.join(root, d)) and "." in d and not d.startswith("_")
                           and d not in REGISTRIES and not d.endswith("-ja"))
    return {host: DOMAIN_BASE + i for i, host in enumerate(sorted(folders))}


def decoded(raw):
    """A recorded answer as text, whichever of the registries' charsets it is in."""
    for charset in ("iso-2022-jp", "utf-8", "euc-jp", "shift_jis") if b"\x1b$B" in raw else \
            ("utf-8", "euc-jp", "shift_jis"):
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def is_japanese(text):
    """JPRS's Japanese form: bracketed keys in Japanese."""
    return re.search(r"\[(ドメイン名|登録者名|状態|名前|組織名|登録担当者|最終更新)\]", text) is not None


def ranges_in(text):
    out = []
    for m in RANGE_KEYS.finditer(text):
        value = m.group(2).strip()
        try:
            if " - " in value:
                a, b = (ipaddress.ip_address(x.strip()) for x in value.split(" - ", 1))
                out.append((a, b))
            else:
                for part in value.split(","):
                    part = part.strip().split()[0] if part.strip() else part
                    addr, slash, plen = part.partition("/")
                    if ":" not in addr and addr.count(".") < 3 and slash:
                        addr = ".".join((addr.split(".") + ["0", "0", "0"])[:4])  # LACNIC's 200.57.128/19
                    net = ipaddress.ip_network(addr + slash + plen, strict=False)
                    out.append((net[0], net[-1]))
        except ValueError:
            continue
    return out


def question_of(line):
    """The bare question inside a formatted query: 'n + 1.2.3.4' -> '1.2.3.4'."""
    q = line.strip()
    if q.lower().endswith("/e"):
        q = q[:-2]
    tokens = [t for t in q.split() if t not in ("n", "+", "a", "r", "z") and not t.startswith("-")]
    return tokens[-1] if tokens else ""


class Registry:
    def __init__(self, host, folder_host=None, keep=None):
        self.host = host
        folder_host = folder_host or host
        self.by_range = []   # (start, end, bytes)
        self.by_asn = {}
        self.exact = {}
        folders = [os.path.join(DATA, "corpus", "whois", folder_host),
                   os.path.join(DATA, "synthetic", "whois", folder_host)]
        for folder in folders:
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                raw = open(path, "rb").read()
                text = decoded(raw)
                if keep is not None and not keep(text):
                    continue
                if "__" in name:  # "<question>__<anything>": answers exactly that question
                    self.exact[name.split("__", 1)[0].lower()] = raw
                    continue
                # A name or a TLD answers the question its provenance row says it was asked.
                question = PROVENANCE.get(f"whois/{folder_host}/{name}", "").lower()
                if NAME_QUESTION.match(question) and not re.fullmatch(r"as\d+", question):
                    self.exact.setdefault(question, raw)
                for a, b in ranges_in(text)[:1]:
                    self.by_range.append((a, b, raw))
                for m in ASN_KEYS.finditer(text):
                    self.by_asn.setdefault(int(m.group(2)), raw)

    def answer(self, question, line=""):
        q = question.lower()
        if line.lower().endswith("/e") and (q + "/e") in self.exact:
            return self.exact[q + "/e"]
        if q in self.exact:
            return self.exact[q]
        asn = re.fullmatch(r"as(\d+)", q)
        if asn and int(asn.group(1)) in self.by_asn:
            return self.by_asn[int(asn.group(1))]
        try:
            addr = ipaddress.ip_network(q, strict=False)[0]
        except ValueError:
            addr = None
        if addr is not None:
            best = None
            for a, b, raw in self.by_range:
                if a.version == addr.version and a <= addr <= b:
                    if best is None or int(b) - int(a) < int(best[1]) - int(best[0]):
                        best = (a, b, raw)
            if best:
                return best[2]
        return NOT_FOUND.get(self.host, DEFAULT_NOT_FOUND).format(q=question).encode()


class WhoisWorld:
    def __init__(self):
        self.counts = {}
        self.times = {}  # when each counted question arrived, for checking a budget
        self.lock = threading.Lock()
        self.sockets = []
        self.running = True

    def count(self, name, line):
        with self.lock:
            self.counts.setdefault(name, []).append(line)
            self.times.setdefault(name, []).append(time.monotonic())

    def listen(self, port, handler):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(64)
        s.settimeout(0.5)
        self.sockets.append(s)

        def loop():
            while self.running:
                try:
                    conn, _ = s.accept()
                except socket.timeout:
                    continue
                except OSError:
                    return
                threading.Thread(target=self.serve, args=(conn, handler), daemon=True).start()

        threading.Thread(target=loop, daemon=True).start()

    @staticmethod
    def read_line(conn):
        conn.settimeout(5)
        data = b""
        while b"\n" not in data and len(data) < 4096:
            chunk = conn.recv(1024)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", "replace").strip()

    def serve(self, conn, handler):
        try:
            with conn:
                handler(conn, self.read_line(conn))
        except OSError:
            pass

    def start(self):
        for host, port in REGISTRIES.items():
            reg = Registry(host)
            # JPNIC answers in Japanese (ISO-2022-JP) unless the question ends in /e.
            japanese = Registry(host, host + "-ja") if host == "whois.nic.ad.jp" else None
            if host == "whois.jprs.jp":  # JPRS too, from the recorded answers in each language
                reg = Registry(host, keep=lambda t: not is_japanese(t))
                japanese = Registry(host, keep=is_japanese)

            def handler(conn, line, reg=reg, japanese=japanese, name=host):
                self.count(name, line)
                use = japanese if japanese and not line.lower().endswith("/e") else reg
                conn.sendall(use.answer(question_of(line), line))

            self.listen(port, handler)
            self.listen(port + COUNTING_OFFSET,
                        lambda conn, line, h=handler, name=host + "#count": h(conn, line, name=name))
        for host, port in domain_servers().items():
            def handler(conn, line, reg=Registry(host), name=host):
                self.count(name, line)
                conn.sendall(reg.answer(question_of(line), line))

            self.listen(port, handler)
            self.listen(port + DOMAIN_COUNTING_OFFSET,
                        lambda conn, line, h=handler, name=host + "#count": h(conn, line, name=name))
        self.listen(NOWHERE_PORT, lambda conn, line: conn.sendall(
            b"% This server is not part of the renraku test world.\n"))
        for name, port in FAULTS.items():
            self.listen(port, lambda conn, line, name=name: self.fault(name, conn, line))
        self.listen(CONTROL_PORT, self.control)

    def fault(self, name, conn, line):
        self.count(name, line)
        if name == "stall":
            time.sleep(30)
        elif name == "garbage":
            conn.sendall(bytes(range(256)) * 4 + b"\x1b[2J\x1b]0;owned\x07inetnum: \x00\xff\n")
        elif name == "huge":
            block = b"remarks:        " + b"x" * 100 + b"\n"
            for _ in range(3 * 1024 * 1024 // len(block)):
                conn.sendall(block)
        elif name == "cutoff":
            conn.sendall(b"inetnum:        192.0.2.0 - 192.0.2.255\nnetname:        CUT\nabuse-mai")
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        elif name == "slow":
            time.sleep(3)
            conn.sendall(b"inetnum:        192.0.2.0 - 192.0.2.255\nabuse-mailbox:  slow@example.net\n")
        elif name == "ripe-ratelimit":
            conn.sendall(open(os.path.join(DATA, "synthetic", "whois", "faults", "ripe-error-201.txt"), "rb").read())
        elif name == "arin-ratelimit":
            conn.sendall(open(os.path.join(DATA, "synthetic", "whois", "faults", "arin-rate-limit.txt"), "rb").read())
        elif name == "drip":
            for b in (b"inetnum: 192.0.2.0 - 192.0.2.255\n" * 40)[:1200]:
                conn.sendall(bytes([b]))
                time.sleep(0.05)
        elif name == "ssrf":
            conn.sendall(b"NetRange: 192.0.2.0 - 192.0.2.255\nOrgAbuseEmail: abuse@ssrf.test\n"
                         b"ReferralServer: whois://127.0.0.2:4301\n")
        elif name in ("loop-a", "loop-b"):
            other = "whois.loop-b.test" if name == "loop-a" else "whois.loop-a.test"
            conn.sendall(f"NetRange: 192.0.2.0 - 192.0.2.255\nReferralServer: whois://{other}\n".encode())

    def control(self, conn, line):
        import json
        if line == "reset":
            with self.lock:
                self.counts = {}
                self.times = {}
            conn.sendall(b"ok\n")
        elif line == "times":
            with self.lock:
                conn.sendall(json.dumps(self.times).encode() + b"\n")
        else:
            with self.lock:
                conn.sendall(json.dumps(self.counts).encode() + b"\n")

    def close(self):
        self.running = False
        for s in self.sockets:
            s.close()


def connect_to_entries():
    """network.connect_to entries that send renraku to these servers."""
    out = [f"{h}:43:127.0.0.1:{p}" for h, p in REGISTRIES.items()]
    out += [f"{h}:43:127.0.0.1:{p}" for h, p in domain_servers().items()]
    out += [f"whois.{n}.test:43:127.0.0.1:{p}" for n, p in FAULTS.items()]
    return out
