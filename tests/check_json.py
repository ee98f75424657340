"""The value at a quantity path (`layers.output.dW[1][0]`) in parsed `check --json` output, walked here: names and
[i] indices, independently of the project's own lookup."""
import re


def at(data, path: str):
    for name, index in re.findall(r"([A-Za-z_]\w*)|\[(\d+)\]", path):
        data = data[name] if name else data[int(index)]
    return data
