"""The README's library example runs as written, so the documented API cannot drift from the code."""
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_library_example_in_the_readme_runs(capsys):
    section = README.read_text().split("## Using the core as a library")[1].split("\n## ")[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.startswith("layer 'output': z is not finite")


def test_the_notebook_example_builds_a_scenario():
    """The README's notebook snippet up to the render: its network becomes a valid batch scenario with training."""
    section = README.read_text().split("## Using the core as a library")[1].split("\n## ")[0]
    code = re.findall(r"```python\n(.*?)```", section, re.S)[1]
    namespace = {"core": __import__("core")}
    exec(compile(code.split("with tempconfig")[0], "README.md", "exec"), namespace)
    solution = namespace["solution"]
    assert solution.scenario.batched and len(solution.history) == 6 and solution.history[-1] < solution.history[0]
