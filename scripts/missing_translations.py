"""Print the app's strings that a language's CSV does not translate yet.

	python scripts/missing_translations.py            # every language, with where each string is used
	python scripts/missing_translations.py ru --csv   # rows to fill in and append to translations/ru.csv
	python scripts/missing_translations.py --dynamic  # also the _(variable) call sites to check by hand

Exits 1 when something is missing or a CSV row is broken (the same checks as tests/engine/test_translations.py).
"""

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.translation_strings import LANGUAGES, bad_rows, extract, missing


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
	parser.add_argument("--csv", action="store_true", help="print CSV rows source,,context to fill in")
	parser.add_argument("--dynamic", action="store_true", help="also list the _(variable) call sites")
	args = parser.parse_args()

	extraction = extract()
	failed = False
	for lang in args.languages:
		lacking = missing(lang, extraction)
		broken = bad_rows(lang)
		failed = failed or bool(lacking or broken)
		if args.csv:
			out = csv.writer(sys.stdout, lineterminator="\n")
			for m in lacking:
				out.writerow([m.text, ""] + ([m.context] if m.context else []))
			continue
		print(f"== {lang}: {len(lacking)} missing of {len(extraction.messages)}")
		for m in lacking:
			context = f"  [context: {m.context}]" if m.context else ""
			print(f"{m.text}{context}\n    <- {', '.join(extraction.messages[m][:3])}")
		for problem in broken:
			print(f"BROKEN ROW {problem}")
	if not args.csv:
		for problem in extraction.problems:
			print(f"SOURCE PROBLEM {problem}")
		if args.dynamic:
			print("== run-time values (check that what they can be is translated):")
			print("\n".join(extraction.dynamic))
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main())
