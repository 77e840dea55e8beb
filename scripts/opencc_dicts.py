"""OpenCC's dictionaries as data, for the scripts that generate lists from them
(gen-regional-phrases.py, gen-simplified-only.py): OpenCC 1.4.2 (Apache-2.0),
unpacked into .deps/opencc by scripts/fetch-opencc.py."""
import pathlib
import subprocess
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
opencc = root / ".deps" / "opencc"


def changed_keys(name):
    """The keys of dictionary `name` (e.g. "TWPhrases") whose first value is not the key
    itself: the entries that change a text. Entries that map a word to itself (blocking
    entries) say nothing and are left out."""
    with tempfile.TemporaryDirectory() as tmp:
        text = pathlib.Path(tmp) / f"{name}.txt"
        subprocess.run(
            [str(opencc / "bin" / "opencc_dict"), "-i", str(opencc / "share" / "opencc" / f"{name}.ocd2"),
             "-o", str(text), "-f", "ocd2", "-t", "text"],
            check=True,
        )
        for line in text.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            first = values.split(" ")[0]
            if key and first and key != first:
                yield key
