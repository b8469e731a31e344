"""Screenshots of both pages for reading by eye (issue 24): not a test.

    .venv/bin/python -m tests.system.screenshots [--out /tmp/shots] [--url http://127.0.0.1:PORT]

For each page (parents', counsellor's), language (en, zh), family (no history; a sick brother
or sister with thalassaemia, HLA typed and matched) and device (phone 390 x 844, laptop
1366 x 900) it saves ``<page>-<device>-<lang>-<family>-first2.png`` (the first two screens, as
a person scrolls them, expanders as the page opens them) and ``...-full.png`` (the whole page).
Without ``--url`` it starts ``streamlit run app.py`` on a free port and stops it at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image

from tests.system.test_browser import CHROMIUM_ARGS, ROOT, _content_height, _free_port, _wait_idle, chromium_browser

FAMILIES = {"none": "", "thal-typed": "&r1_relation=full_sibling&r1_condition=thalassaemia_major&r1_hla=match"}
DEVICES = {"phone": (390, 844), "laptop": (1366, 900)}
PAGES = {"parent": "", "counsellor": "&page=counsellor"}


def shoot(browser, url: str, out: Path) -> list[Path]:
    saved = []
    for page_name, page_q in PAGES.items():
        for lang in ("en", "zh"):
            for family, family_q in FAMILIES.items():
                for device, (width, height) in DEVICES.items():
                    phone = width < 600
                    ctx = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone,
                                              has_touch=phone, locale="zh-CN" if lang == "zh" else "en-US")
                    page = ctx.new_page()
                    page.goto(f"{url}/?lang={lang}{page_q}{family_q}")
                    page.wait_for_selector("h1", timeout=90_000)
                    _wait_idle(page, timeout=90_000)
                    full_height = min(max(_content_height(page), height), 16_000)
                    page.set_viewport_size({"width": width, "height": full_height})
                    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
                                           ".every(e => e.querySelector('.main-svg'))", timeout=60_000)
                    # the page can run again once it has set its link (a rerun): wait until nothing is a
                    # placeholder any more and the run has finished
                    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=90_000)
                    _wait_idle(page)
                    page.wait_for_timeout(500)  # the last chart's transition
                    stem = f"{page_name}-{device}-{lang}-{family}"
                    png = page.screenshot(full_page=True)
                    full = out / f"{stem}-full.png"
                    full.write_bytes(png)
                    image = Image.open(io.BytesIO(png))
                    first2 = out / f"{stem}-first2.png"
                    image.crop((0, 0, image.width, min(image.height, 2 * height))).save(first2)
                    saved += [first2, full]
                    print(first2, full, flush=True)
                    ctx.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--url", help="a running app (default: start one on a free port)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with chromium_browser(CHROMIUM_ARGS) as browser:
        if args.url:
            shoot(browser, args.url.rstrip("/"), args.out)
            return
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):
                with contextlib.suppress(OSError), urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
                time.sleep(0.2)
            shoot(browser, url, args.out)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
