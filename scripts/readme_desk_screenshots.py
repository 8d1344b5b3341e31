"""Copy the desk browser test's screenshots into docs/screenshots/ for the README, small.

Run after tests/integration/test_zx_desk_browser.py (it writes test-artifacts/desk/*.png at 1440 px):

    ~/frappe-bench/env/bin/python scripts/readme_desk_screenshots.py

Each picture is cut to the part the README talks about, scaled to 1200 px wide and reduced to a
256-colour palette (Pillow), so that each stays under 150 KB.
"""

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "test-artifacts" / "desk"
TARGET = ROOT / "docs" / "screenshots"
WIDTH = 1200
LIMIT = 150_000

# README picture <- test screenshot, and how many pixels of its top (at 1440 px) to keep
PICTURES = {
	"desk-ticket-form.png": ("desk-ticket-connections.png", 1000),  # the manager's view: time, trips, parts
	"triage-list.png": ("triage-list.png", 560),
	"dispatch-board.png": ("dispatch-board.png", 640),
	"service-management.png": ("service-management.png", 1300),
	"client-overview.png": ("client-overview.png", 1000),
	"contract-connections.png": ("contract-connections.png", 760),
}


def reduce(source: Path, target: Path, keep: int) -> int:
	with Image.open(source) as picture:
		picture = picture.convert("RGB")
		picture = picture.crop((0, 0, picture.width, min(keep, picture.height)))
		height = round(picture.height * WIDTH / picture.width)
		picture = picture.resize((WIDTH, height), Image.LANCZOS)
		picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
	return target.stat().st_size


def main() -> int:
	missing = [name for name, _ in PICTURES.values() if not (SOURCE / name).is_file()]
	if missing:
		print(f"run tests/integration/test_zx_desk_browser.py first: missing {', '.join(missing)}")
		return 1
	TARGET.mkdir(parents=True, exist_ok=True)
	too_big = []
	for name, (source, keep) in PICTURES.items():
		size = reduce(SOURCE / source, TARGET / name, keep)
		print(f"{TARGET / name}: {size // 1000} KB")
		if size > LIMIT:
			too_big.append(name)
	if too_big:
		print(f"over {LIMIT // 1000} KB: {', '.join(too_big)}")
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main())
