"""Make the built bundle smaller without changing what it does: slim_bundle.py DIST_DIR.

1. Strip symbols from the binaries that still carry them (Python itself and its modules, PyAV's and
   cryptography's extension modules, ICU): ~60 MB. Libraries that auditwheel vendored into `*.libs/` folders
   are left alone: they were patched with patchelf, and strip rewrites them into files the loader refuses
   ("ELF load command address/offset not page-aligned").
2. Rebuild ICU's data library (Qt Core links ICU; its data is 31 MB of locales, collations, converters and
   dictionaries for every language) with what the app can use: the core properties and normalisation, time
   zones, and the root, English and Chinese locales, collations and display names. Legacy converters
   (Shift_JIS, …) and word-break dictionaries go; Qt's own UTF-8/16 and Latin-1 codecs do not use ICU.
   Needs icu-devtools (icupkg, genccode) and gcc; without them the step is skipped with a warning.

Run by packaging/build.sh after PyInstaller; the smoke test then proves the result still works.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: ICU locales kept (with their display-name, collation and currency variants).
KEEP_LOCALES = {"root", "en", "en_US", "en_US_POSIX", "en_001", "en_150", "en_GB", "zh", "zh_Hans", "zh_Hans_CN",
                "zh_CN", "zh_Hant", "zh_TW", "zh_Hant_TW", "zh_Hans_SG", "zh_SG", "zh_HK", "zh_Hant_HK", "zh_MO",
                "zh_Hant_MO", "pool", "res_index"}
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def has_symbols(path: Path) -> bool:
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False)
    return ".symtab" in out.stdout or ".debug_info" in out.stdout


def strip_binaries(dist: Path) -> int:
    """Strip what still has symbols, outside auditwheel's `*.libs` folders. Returns the bytes saved."""
    saved = 0
    for path in sorted(dist.rglob("*")):
        if path.is_symlink() or not path.is_file() or any(p.name.endswith(".libs") for p in path.parents):
            continue
        if not is_elf(path) or not has_symbols(path):
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def _icu_items_to_keep(items: list[str]) -> set[str]:
    keep: set[str] = set()
    for item in items:
        parts = item.split("/")
        folder = parts[0] if len(parts) > 1 else ""
        base, _, ext = parts[-1].rpartition(".")
        if ext == "cnv" or folder in ("translit", "rbnf") or (folder == "brkitr" and ext == "dict"):
            continue
        if ext == "res" and base not in KEEP_LOCALES and _LOCALE_NAME.fullmatch(base):
            continue
        keep.add(item)
    return keep


def _icu_blob(lib: Path) -> tuple[str, bytes]:
    """The ICU data package inside libicudata (its one exported symbol, icudtNN_dat) and its name."""
    symbols = subprocess.run(["readelf", "-Ws", str(lib)], capture_output=True, text=True, check=True).stdout
    found = next(line.split() for line in symbols.splitlines() if re.search(r"\bicudt\d+_dat\b", line))
    address, size, name = int(found[1], 16), int(found[2], 0), found[-1]
    sections = subprocess.run(["readelf", "-WS", str(lib)], capture_output=True, text=True, check=True).stdout
    for line in sections.splitlines():
        m = re.search(r"\]\s+(\.\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and m.group(1) == ".rodata":
            start = address - int(m.group(2), 16) + int(m.group(3), 16)
            return name, lib.read_bytes()[start:start + size]
    raise RuntimeError(f"no .rodata in {lib}")


def trim_icu(dist: Path) -> int:
    """Replace libicudata with one holding only the kept items. Returns the bytes saved (0 if skipped)."""
    libs = sorted(dist.rglob("libicudata.so.*"))
    libs = [lib for lib in libs if not lib.is_symlink()]
    if not libs:
        return 0
    missing = [tool for tool in ("icupkg", "genccode", "gcc", "readelf") if shutil.which(tool) is None]
    if missing:
        print(f"slim_bundle: ICU data not trimmed ({', '.join(missing)} missing: install icu-devtools and gcc)",
              file=sys.stderr)
        return 0
    saved = 0
    for lib in libs:
        symbol, blob = _icu_blob(lib)
        package = symbol.removesuffix("_dat") + "l"  # icudt73l: the little-endian package's name
        with tempfile.TemporaryDirectory() as tmp:
            work, out = Path(tmp), Path(tmp) / "out"
            out.mkdir()
            source = work / f"{package}.dat"
            source.write_bytes(blob)
            items = subprocess.run(["icupkg", "-l", str(source)], capture_output=True, text=True,
                                   check=True).stdout.split()
            drop = set(items) - _icu_items_to_keep(items)
            for _ in range(10):  # an item kept may depend on one dropped: keep dropping until consistent
                (work / "drop.txt").write_text("\n".join(sorted(drop)) + "\n")
                run = subprocess.run(["icupkg", "-r", str(work / "drop.txt"), str(source),
                                      str(out / source.name)], capture_output=True, text=True, check=False)
                dependants = set(re.findall(r"Item (\S+) depends on missing item", run.stdout + run.stderr))
                if not dependants:
                    break
                drop |= dependants
            if run.returncode != 0:
                raise RuntimeError(f"icupkg failed: {run.stderr}")
            subprocess.run(["genccode", "-e", symbol.removesuffix("_dat"), "-a", "gcc", "-d", str(out),
                            str(out / source.name)], check=True, capture_output=True)
            assembly = next(out.glob("*.S"))
            soname = re.sub(r"(\.so\.\d+).*", r"\1", lib.name)
            built = out / lib.name
            subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(built),
                            str(assembly)], check=True)
            before = lib.stat().st_size
            shutil.copyfile(built, lib)
            saved += before - lib.stat().st_size
            print(f"slim_bundle: {lib.name}: kept {len(items) - len(drop)} of {len(items)} ICU data items")
    return saved


def main(dist: Path) -> int:
    stripped = strip_binaries(dist)
    icu = trim_icu(dist)
    print(f"slim_bundle: stripped {stripped / 1e6:.1f} MB, ICU data {icu / 1e6:.1f} MB smaller")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
