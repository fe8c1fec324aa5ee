"""Write every test layout as an .xlsx: `python -m tests.data.layouts /tmp/layouts`."""

import sys
from pathlib import Path

from . import all_layouts

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "layouts")
    out.mkdir(parents=True, exist_ok=True)
    for layout in all_layouts():
        layout.build().save(out / layout.filename)
        print(out / layout.filename, "-", layout.about)
