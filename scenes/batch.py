"""The explainer of a mini-batch: the batch as matrices, samples followed through the graph one at a time, the
gradient as the average of per-sample outer products. Every gradient, update and loss shown is the batch's."""
from __future__ import annotations

from manim import LEFT, RIGHT, UP, FadeIn, FadeOut, ReplacementTransform, TransformFromCopy, VGroup, Write

from lesson import storyboard
from lesson.batch import BatchWorked
from lesson.quantity import layer, q
from lesson.worked import Formula
from . import parts, theme
from .explainer import Explainer
from .panel import fitted, no_wider

FOLLOWED = 4                 # samples followed through the graph one at a time


class BatchExplainer(Explainer):
    """The storyboard of Explainer, told with matrices; the graph shows one sample at a time, labelled as such."""

    def make_worked(self) -> BatchWorked:
        self.by = {}
        return BatchWorked(self.solution)

    PANEL_BOX = theme.WIDE_PANEL_BOX

    @property
    def n(self) -> int:
        return len(self.scenario.input)

    # --- the storyboard -------------------------------------------------------------------------------------

    def draw_network(self):
        self.title_card()
        self.draw_graph()
        self.say(*self.worked.setup())

    def forward_pass(self):
        for index, spec in enumerate(self.scenario.layers):
            self.pulse(index, theme.FORWARD)
            hidden = index < len(self.scenario.layers) - 1
            self.say(self.worked.preactivations(index), *([self.worked.activations(index)] if hidden else []))
            self.hold(theme.WAIT)
        self.follow_samples()

    def follow_samples(self):
        """Each of the first samples in turn: its row of X and of P framed, its values on the neurons, labelled."""
        block = self.say(self.worked.inputs_matrix(), self.worked.probabilities())
        shown = VGroup()
        for n in range(min(self.n, FOLLOWED)):
            new = VGroup(parts.sample_label(self.graph, n, self.n, self.scenario.language),
                         *[parts.row_box(line[1], n, self.n) for line in block])
            self.play(FadeOut(shown), FadeIn(new), *self.sample_values(n), run_time=0.6)
            for index in range(len(self.scenario.layers)):
                self.pulse(index, theme.FORWARD, run_time=0.5)
            shown = new
        self.play(FadeOut(shown), FadeOut(VGroup(*self.slots.values())), run_time=0.5)
        self.slots = {}

    def sample_values(self, n: int) -> list:
        """Animations that put sample n's inputs, hidden activations and probabilities on the neurons."""
        columns = [[self.worked.given(q("input", n, j)) for j in range(self.scenario.input.shape[1])]]
        for spec in self.scenario.layers[:-1]:
            columns.append([self.worked.computed(layer(spec.name, "a", n, i)) for i in range(len(spec.bias))])
        columns.append([self.worked.computed(q("probabilities", n, i)) for i in range(len(self.scenario.layers[-1].bias))])
        return [a for column, values in enumerate(columns)
                for a in self.put_all(column, values)]

    def softmax_and_loss(self):
        self.say(self.worked.probabilities(), self.worked.targets())
        self.say(self.worked.sample_losses(), keep=True)
        self.highlight(self.say(self.worked.mean_loss(), keep=True))

    def backward_pass(self):
        self.nudges, self.deltas, self.legend = VGroup(), VGroup(), parts.legend(self.scenario.language)
        if not storyboard.has(self.solution, "why"):
            self.derive_residual()
        last = len(self.scenario.layers) - 1
        for index in reversed(range(len(self.scenario.layers))):
            self.pulse(index, theme.BACKWARD, reverse=True)
            if index < last:
                self.recaption("hidden")
                self.say(*self.worked.hidden_gradients(index))
            self.average(index)
            self.color_edges(index)

    def derive_residual(self):
        """P - Y and dL/dZ = (P - Y)/N, for a lesson without the why section (which otherwise hands them over)."""
        residual = self.say(self.worked.residual())
        scaled = self.worked.scaled_residual()
        mob = fitted(scaled, self.panel.right - self.panel.left)
        self.panel.place(mob, keep=True)
        self.panel.content.add(mob)
        self.record.show(*scaled.shows)
        self.play(TransformFromCopy(residual[0][1], mob[1]), Write(mob[0]), run_time=1.2)
        self.read(mob)

    def average(self, index: int):
        """The layer's dZ beside its inputs, each sample's outer product with its rows framed, and their sum."""
        spec = self.scenario.layers[index]
        inputs = self.worked.inputs_matrix() if index == 0 else self.worked.activations(index - 1)
        delta = self.worked.stacked(r"\delta", layer(spec.name, "dz"))
        top = self.say(self.row_of(inputs, delta))
        products = self.worked.outer_products(index)
        grid = self.grid_of(products)
        self.panel.place(grid, keep=True)
        self.panel.content.add(grid)
        for n, product in enumerate(grid):
            boxes = VGroup(*[parts.row_box(part[1], n, self.n) for part in top[0]])
            self.record.show(*products[n].shows)
            self.play(FadeIn(boxes), Write(product), run_time=0.8)
            self.play(FadeOut(boxes), run_time=0.3)
        total = [self.worked.weight_gradient(index), self.worked.bias_gradient(index)]
        block = self.panel.block(total + self.worked.orientation(index) * (index == len(self.scenario.layers) - 1))
        block.move_to(grid, aligned_edge=UP).align_to(grid, LEFT)
        self.record.show(*[s for f in total for s in f.shows])
        self.play(ReplacementTransform(grid, block), run_time=1.2)
        self.panel.content.remove(grid).add(block)

    def row_of(self, *formulas: Formula) -> VGroup:
        """Formulas side by side, fitted together to the panel's width."""
        width = self.panel.right - self.panel.left
        mobs = VGroup(*[fitted(f, width) for f in formulas]).arrange(RIGHT, buff=0.4)
        self.record.show(*[s for f in formulas for s in f.shows])
        return no_wider(mobs, width)

    def grid_of(self, formulas: list[Formula]) -> VGroup:
        """Per-sample matrices two to a row, with + between them, fitted to the panel's width."""
        width = self.panel.right - self.panel.left
        mobs = VGroup(*[fitted(f, width) for f in formulas])
        grid = mobs.arrange_in_grid(cols=min(2, len(mobs)), buff=(0.5, 0.3), cell_alignment=LEFT)
        return no_wider(grid, width)

    def second_forward(self):
        """The new weights through the whole batch: a pulse per layer and the batch loss before and after."""
        for index in range(len(self.scenario.layers)):
            self.pulse(index, theme.FORWARD)
        self.highlight(self.say(self.worked.loss_change(), keep=True))

    BEATS = {**Explainer.BEATS, "setup": draw_network, "forward": forward_pass, "softmax": softmax_and_loss,
             "backward": backward_pass}


def explainer_class(solution) -> type[Explainer]:
    """The explainer that tells this solution's story: the batch one for a batch, else the single-sample one."""
    return BatchExplainer if solution.scenario.batched else Explainer
