"""The bench world's networks as the registries publish their databases: RPSL split files,
gzipped, with the role, irt and organisation objects that say each network's abuse contact the
way the live answers do (bench/registry_world.py), for `renraku mirror update --from DIR`. And a
full-size synthetic RIPE database, for timing an import.
"""
import gzip
import os
import random

# The files each mirrored registry publishes, as renraku's shipped list names them.
FILES = {
    "ripe": ["ripe.db.inetnum.gz", "ripe.db.inet6num.gz", "ripe.db.role.gz",
             "ripe.db.organisation.gz", "ripe.db.irt.gz"],
    "apnic": ["apnic.db.inetnum.gz", "apnic.db.inet6num.gz", "apnic.db.role.gz",
              "apnic.db.irt.gz", "apnic.db.organisation.gz"],
    "afrinic": ["afrinic.db.gz"],
}
# The RIPE NCC's IPv4 /8s in IANA's registry (where its RDAP and whois answer).
RIPE_8 = [31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94,
          95, 109, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217]
SERIAL = {"ripe": "RIPE.CURRENTSERIAL", "apnic": "APNIC.CURRENTSERIAL", "afrinic": "AFRINIC.CURRENTSERIAL"}


def objects_of(n):
    """(file kind, RPSL text) pairs for one network of the bench world."""
    rng = f"{n.net[0]} - {n.net[-1]}"
    d, i = n.domain, n.i
    if n.rir == "ripe":
        return [("inetnum", f"inetnum:        {rng}\nnetname:        NET-{i}\ncountry:        DE\n"
                            f"admin-c:        OP{i}-RIPE\ntech-c:         OP{i}-RIPE\n"
                            f"abuse-c:        AR{i}-RIPE\nstatus:         ASSIGNED PA\n"
                            f"last-modified:  2025-05-01T00:00:00Z\nsource:         RIPE\n"),
                ("role", f"role:           Abuse\nabuse-mailbox:  {n.abuse}\nnic-hdl:        AR{i}-RIPE\n"
                         f"source:         RIPE # Filtered\n"),
                ("role", f"role:           Ops\nnic-hdl:        OP{i}-RIPE\nsource:         RIPE # Filtered\n")]
    if n.rir == "apnic":
        irt = f"IRT-H{i}-TW" if n.shape == "apnic-twnic-mirror" else f"IRT-N{i}-AU"
        country = "TW" if n.shape == "apnic-twnic-mirror" else "AU"
        remarks = ("remarks:        This information has been partially mirrored by APNIC from\n"
                   "remarks:        TWNIC. To obtain more specific information, please use the\n"
                   "remarks:        TWNIC whois server at whois.twnic.net.tw.\n"
                   if n.shape == "apnic-twnic-mirror" else "")
        return [("inetnum", f"inetnum:        {rng}\nnetname:        NET-{i}\ncountry:        {country}\n"
                            f"{remarks}mnt-irt:        {irt}\nadmin-c:        NO{i}-AP\n"
                            f"tech-c:         NO{i}-AP\nstatus:         ASSIGNED NON-PORTABLE\n"
                            f"last-modified:  2025-05-01T00:00:00Z\nsource:         APNIC\n"),
                ("irt", f"irt:            {irt}\nabuse-mailbox:  {n.abuse}\nauth:           # Filtered\n"
                        f"source:         APNIC\n"),
                ("role", f"role:           NOC\nnic-hdl:        NO{i}-AP\nsource:         APNIC\n")]
    if n.rir == "afrinic":
        return [("inetnum", f"inetnum:        {rng}\nnetname:        NET-{i}\ncountry:        ZA\n"
                            f"remarks:        please send abuse reports to {n.abuse}\n"
                            f"tech-c:         TE{i}-AFRINIC\nstatus:         ASSIGNED PA\n"
                            f"last-modified:  2025-05-01T00:00:00Z\nsource:         AFRINIC\n")]
    return []


def file_for(rir, kind):
    if rir == "afrinic":
        return "afrinic.db.gz"
    return f"{rir}.db.{kind}.gz"


def write_split(nets, folder, serial="1000"):
    """Write the mirrored registries' networks of `nets` under their published names."""
    os.makedirs(folder, exist_ok=True)
    handles = {}
    for rir, names in FILES.items():
        for name in names:
            handles[name] = gzip.open(os.path.join(folder, name), "wt", compresslevel=1)
        with open(os.path.join(folder, SERIAL[rir]), "w") as f:
            f.write(serial + "\n")
    for n in nets:
        for kind, text in objects_of(n):
            handles[file_for(n.rir, kind)].write(text + "\n")
    for h in handles.values():
        h.close()


def write_full_ripe(folder, inetnums, inet6nums, orgs, roles, seed=1):
    """A synthetic RIPE database of the real one's size: nested inetnums (allocations holding
    assignments) and inet6nums, each naming an organisation or a role as abuse-c."""
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    with gzip.open(os.path.join(folder, "ripe.db.role.gz"), "wt", compresslevel=1) as f:
        for r in range(roles):
            f.write(f"role:           Role {r}\naddress:        Street {r}\nnic-hdl:        R{r}-RIPE\n"
                    f"abuse-mailbox:  abuse@r{r}.example\nmnt-by:         M{r % 997}-MNT\n"
                    f"source:         RIPE # Filtered\n\n")
    with gzip.open(os.path.join(folder, "ripe.db.organisation.gz"), "wt", compresslevel=1) as f:
        for o in range(orgs):
            f.write(f"organisation:   ORG-O{o}-RIPE\norg-name:       Org {o}\norg-type:       OTHER\n"
                    f"abuse-c:        R{rng.randrange(roles)}-RIPE\nsource:         RIPE # Filtered\n\n")
    with gzip.open(os.path.join(folder, "ripe.db.inetnum.gz"), "wt", compresslevel=1) as f:
        # An allocation per /16 of the RIPE NCC's /8s, holding assignments of /25s: 513 objects
        # a /16, 4.5 million in some 8,800 allocations.
        written = 0
        a = 0
        while written < inetnums:
            hi, lo = RIPE_8[(a // 256) % len(RIPE_8)], a % 256
            f.write(f"inetnum:        {hi}.{lo}.0.0 - {hi}.{lo}.255.255\nnetname:        ALLOC-{a}\n"
                    f"country:        DE\norg:            ORG-O{rng.randrange(orgs)}-RIPE\n"
                    f"status:         ALLOCATED PA\nsource:         RIPE\n\n")
            written += 1
            for k in range(min(512, inetnums - written)):
                third, low = k // 2, (0 if k % 2 == 0 else 128)
                abuse = (f"abuse-c:        R{rng.randrange(roles)}-RIPE\n" if k % 3 else "")
                f.write(f"inetnum:        {hi}.{lo}.{third}.{low} - {hi}.{lo}.{third}.{low + 127}\n"
                        f"netname:        NET-{a}-{k}\ncountry:        DE\n{abuse}"
                        f"admin-c:        R{rng.randrange(roles)}-RIPE\nstatus:         ASSIGNED PA\n"
                        f"source:         RIPE\n\n")
                written += 1
            a += 1
    with gzip.open(os.path.join(folder, "ripe.db.inet6num.gz"), "wt", compresslevel=1) as f:
        for s in range(inet6nums):
            f.write(f"inet6num:       2a{(s >> 16) & 0xff:02x}:{s & 0xffff:x}::/32\nnetname:        V6-{s}\n"
                    f"country:        DE\norg:            ORG-O{rng.randrange(orgs)}-RIPE\n"
                    f"status:         ALLOCATED-BY-RIR\nsource:         RIPE\n\n")
    with gzip.open(os.path.join(folder, "ripe.db.irt.gz"), "wt", compresslevel=1) as f:
        f.write("irt:            IRT-EXAMPLE\nabuse-mailbox:  irt@example.net\nsource:         RIPE\n\n")
