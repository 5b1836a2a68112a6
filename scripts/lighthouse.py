"""Lighthouse's four scores and the bytes on the wire for `/`, `/help` and a lesson,
as a first visit on a phone: run it before and after a change to the pages.

    .venv/bin/python scripts/lighthouse.py --lighthouse LH/node_modules/.bin/lighthouse
    .venv/bin/python scripts/lighthouse.py --rev a813599 ...   # an older commit

Lighthouse is not a dependency of the project: install it in a folder LH outside the
repository (`npm install lighthouse@12` works on Node 20; 13 needs Node 22) and pass
its path, or have `lighthouse` on PATH. The script serves this tree on a fresh instance,
as scripts/screenshots.py does, and answers the pinned htmx address from the
vendored copy over local HTTPS (brotli, as the CDN sends it), so the page loads what
it loads in production without any outside request.
"""

from __future__ import annotations

import argparse
import datetime
import http.server
import json
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts.screenshots import tree_for  # noqa: E402
from server.web.security import HTMX_URL  # noqa: E402
from tests.browser.conftest import CHROMIUM, HTMX_FILE, start_server  # noqa: E402

CDN_HOST = urlsplit(HTMX_URL).hostname


def self_signed(folder: Path) -> ssl.SSLContext:
    """A throwaway certificate for the CDN's name (Chromium is told to accept it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, str(CDN_HOST))])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(str(CDN_HOST))]), False
        )
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


def serve_htmx(folder: Path) -> int:
    """The vendored htmx at its CDN path, brotli-compressed; returns the port."""
    body = brotli.compress(HTMX_FILE.read_bytes(), quality=11)
    path = urlsplit(HTMX_URL).path

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if self.path != path:
                self.send_error(404)
                return
            self.send_response(200)
            for name, value in (
                ("content-type", "application/javascript; charset=utf-8"),
                ("content-encoding", "br"),
                ("content-length", str(len(body))),
                ("access-control-allow-origin", "*"),
                ("timing-allow-origin", "*"),
                ("cache-control", "public, max-age=31536000, immutable"),
            ):
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = self_signed(folder).wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return int(server.server_address[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse"))
    parser.add_argument("--out", type=Path, help="folder for the JSON reports")
    parser.add_argument("--rev", help="a commit to measure instead of this tree")
    args = parser.parse_args()
    if not args.lighthouse:
        sys.exit("Lighthouse not found: pass --lighthouse PATH (see this file's top).")
    folder = Path(tempfile.mkdtemp(prefix="attune-lighthouse-"))
    out = args.out or folder
    out.mkdir(parents=True, exist_ok=True)
    cdn_port = serve_htmx(folder)
    proc, base = start_server(folder / "instance", tree=tree_for(args.rev))
    try:
        lesson = urlsplit(str(httpx.get(base + "/lessons/today").url)).path
        flags = (
            "--headless=new --no-sandbox --ignore-certificate-errors "
            f'--host-resolver-rules="MAP {CDN_HOST}:443 127.0.0.1:{cdn_port}"'
        )
        print("page\tperformance\taccessibility\tbest-practices\tseo\tbytes")
        for name, path in (("home", "/"), ("help", "/help"), ("lesson", lesson)):
            report = out / f"{name}.json"
            subprocess.run(
                [
                    args.lighthouse,
                    base + path,
                    f"--chrome-flags={flags}",
                    "--output=json",
                    f"--output-path={report}",
                    "--quiet",
                ],
                env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"},
                check=True,
            )
            result = json.loads(report.read_text())
            scores = [
                str(round(category["score"] * 100))
                for category in result["categories"].values()
            ]
            weight = int(result["audits"]["total-byte-weight"]["numericValue"])
            print(f"{name} ({path})", *scores, weight, sep="\t")
            for category in result["categories"].values():
                for ref in category["auditRefs"]:
                    audit = result["audits"][ref["id"]]
                    if (
                        ref["weight"]
                        and audit["score"] is not None
                        and audit["score"] < 1
                    ):
                        print(f"  {category['id']}: {ref['id']} {audit['score']}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
