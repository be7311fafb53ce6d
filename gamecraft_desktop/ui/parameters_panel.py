"""The PARAMETERS panel: cfg scale, steps, seed (with dice), endpoint, and advanced queue options."""

from __future__ import annotations

import random
from typing import Generic, NamedTuple, TypeVar, overload

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.defaults import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_SEED,
    ENDPOINT_ID,
    Priority,
    parse_seed,
    seed_problem,
)
from gamecraft_desktop.ui.accessibility import announce, describe_label
from gamecraft_desktop.ui.icons import icon
from gamecraft_desktop.ui.style import set_invalid, set_role

SEED_MAX = 2**31 - 1
DEFAULT_START_TIMEOUT_S = 300


def random_seed() -> int:
    """A random seed that is never 0 (0 asks the server for an unreproducible random seed)."""
    return random.randint(1, SEED_MAX)


def endpoint_problem(text: str) -> str | None:
    if text == ENDPOINT_ID:
        return None  # the model's own id (the parser need not load before the first frame for it)
    from gamecraft_desktop.fal.endpoint import EndpointIdError, parse_endpoint_id

    try:
        parse_endpoint_id(text)
    except EndpointIdError as exc:
        return str(exc)
    return None


class _PriorityBox(QComboBox):
    """Names its drop-down list when the list is first shown: making the list (`view()`) before the first frame
    costs ~3 ms of start-up, and nobody can reach it before it opens."""

    def showPopup(self) -> None:
        view = self.view()
        if not view.accessibleName():
            view.setAccessibleName(QCoreApplication.translate("ParametersPanel", "Queue priorities"))
        super().showPopup()


class _AdvancedOptions(NamedTuple):
    advanced: QWidget
    priority: QComboBox
    timeout_on: QCheckBox
    timeout: QSpinBox


W = TypeVar("W", bound=QWidget)


class _AdvancedControl(Generic[W]):
    """A widget of the Advanced section (queue priority and start timeout), made with the whole section on
    first use: `ParametersPanel._advanced_options`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, panel: None, owner: type | None = None) -> _AdvancedControl[W]: ...
    @overload
    def __get__(self, panel: ParametersPanel, owner: type | None = None) -> W: ...

    def __get__(self, panel: ParametersPanel | None, owner: type | None = None) -> W | _AdvancedControl[W]:
        if panel is None:
            return self  # asked on the class (introspection, documentation tools): nothing to make
        return getattr(panel._advanced_options(), self._name)  # type: ignore[no-any-return]


class ParametersPanel(QWidget):
    changed = Signal()
    advanced: _AdvancedControl[QWidget] = _AdvancedControl()  # hidden until the toggle opens it
    priority: _AdvancedControl[QComboBox] = _AdvancedControl()
    timeout_on: _AdvancedControl[QCheckBox] = _AdvancedControl()
    timeout: _AdvancedControl[QSpinBox] = _AdvancedControl()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cfg = QDoubleSpinBox(self)
        self.cfg.setRange(1.0, 20.0)
        self.cfg.setSingleStep(0.5)
        self.cfg.setDecimals(2)
        self.cfg.setValue(DEFAULT_CFG_SCALE)
        self.cfg.setAccessibleName(self.tr("CFG scale"))
        self.cfg.setToolTip(self.tr("How strongly the prompt steers the video (1 turns the negative prompt off)"))
        self.steps = QSpinBox(self)
        self.steps.setRange(1, 100)
        self.steps.setValue(DEFAULT_INFER_STEPS)
        self.steps.setAccessibleName(self.tr("Inference steps"))
        self.steps.setToolTip(self.tr("Denoising steps per chunk; more is slower"))

        # No input validator: one would drop the '.' of "12.5" and silently make it 125. The text stays as
        # typed and `seed_error` says what is wrong with it.
        self.seed = QLineEdit(str(DEFAULT_SEED), self)
        self.seed.setMaxLength(64)
        self.seed.setAccessibleName(self.tr("Seed"))
        self.seed.setToolTip(self.tr("The same seed and inputs give the same video"))
        self.dice = QToolButton(self)
        self.dice.setIcon(icon("dice"))
        self.dice.setText(self.tr("Random"))
        self.dice.setAccessibleName(self.tr("Random seed"))
        self.dice.setToolTip(self.tr("Pick a random non-zero seed"))
        self.dice.clicked.connect(self.randomize_seed)
        seed_row = QHBoxLayout()
        seed_row.setContentsMargins(0, 0, 0, 0)
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.dice)

        self.seed_error = QLabel(self)
        self.seed_error.setWordWrap(True)
        describe_label(self.seed_error, self.tr("Seed problem"))
        set_role(self.seed_error, "error")
        self.seed_warning = QLabel(self.tr("Seed 0 means a random seed on the server: the video cannot be "
                                           "reproduced."), self)
        self.seed_warning.setWordWrap(True)
        describe_label(self.seed_warning, self.tr("Seed warning"))
        set_role(self.seed_warning, "warning")
        self.seed_fix = QPushButton(self.tr("Use a random seed instead"), self)
        self.seed_fix.setAccessibleDescription(self.tr("Replace seed 0 with a random seed"))
        self.seed_fix.setToolTip(self.tr("Pick a random non-zero seed you can reuse later"))
        self.seed_fix.clicked.connect(self.randomize_seed)

        self.endpoint = QLineEdit(ENDPOINT_ID, self)
        self.endpoint.setAccessibleName(self.tr("Endpoint id"))
        self.endpoint.setToolTip(self.tr("The fal endpoint that runs the model, as owner/alias"))
        self.endpoint_error = QLabel(self)
        self.endpoint_error.setWordWrap(True)
        describe_label(self.endpoint_error, self.tr("Endpoint problem"))
        set_role(self.endpoint_error, "error")

        self.advanced_toggle = QToolButton(self)
        self.advanced_toggle.setText(self.tr("Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.setAccessibleName(self.tr("Show advanced options"))
        self.advanced_toggle.setToolTip(self.tr("Queue priority and start timeout"))
        self.advanced_toggle.toggled.connect(self._toggle_advanced)
        self._advanced: _AdvancedOptions | None = None  # built when first shown or asked for (start-up time)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label(self.tr("&CFG scale"), self.cfg), self.cfg)
        form.addRow(self._label(self.tr("S&teps"), self.steps), self.steps)
        form.addRow(self._label(self.tr("S&eed"), self.seed), seed_row)
        form.addRow(self.seed_error)
        form.addRow(self.seed_warning)
        form.addRow(self.seed_fix)
        form.addRow(self._label(self.tr("En&dpoint"), self.endpoint), self.endpoint)
        form.addRow(self.endpoint_error)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(form)
        lay.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)

        for sig in (self.cfg.valueChanged, self.steps.valueChanged, self.seed.textChanged, self.endpoint.textChanged):
            sig.connect(self._update)
        self._update()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # --- API ------------------------------------------------------------------------------------

    def seed_value(self) -> int | None:
        return parse_seed(self.seed.text())

    def seed_problem(self) -> str | None:
        """Why the seed cannot be sent (not a whole number, a fraction, out of range), or None."""
        return seed_problem(self.seed.text())

    def start_timeout_s(self) -> float | None:
        if self._advanced is None:
            return None
        return float(self.timeout.value()) if self.timeout_on.isChecked() else None

    def priority_value(self) -> Priority:
        if self._advanced is None:
            return "normal"
        return "low" if self.priority.currentData() == "low" else "normal"

    def endpoint_text(self) -> str:
        return self.endpoint.text().strip()

    def endpoint_problem(self) -> str | None:
        return endpoint_problem(self.endpoint_text())

    def set_values(self, *, cfg_scale: float, infer_steps: int, seed: int, endpoint: str, priority: str,
                   start_timeout_s: float | None) -> None:
        self.cfg.setValue(cfg_scale)
        self.steps.setValue(infer_steps)
        self.seed.setText(str(seed))
        self.endpoint.setText(endpoint)
        if self._advanced is not None or priority != "normal" or start_timeout_s is not None:
            self.priority.setCurrentIndex(max(0, self.priority.findData(priority)))
            self.timeout_on.setChecked(start_timeout_s is not None)
        if start_timeout_s is not None:
            self.timeout.setValue(round(start_timeout_s))
        if priority != "normal" or start_timeout_s is not None:
            self.advanced_toggle.setChecked(True)

    def randomize_seed(self) -> None:
        self.seed.setText(str(random_seed()))

    # --- internals ----------------------------------------------------------------------------

    def _advanced_options(self) -> _AdvancedOptions:
        if self._advanced is not None:
            return self._advanced
        priority = _PriorityBox(self)
        priority.addItem(self.tr("Normal"), "normal")
        priority.addItem(self.tr("Low"), "low")
        priority.setAccessibleName(self.tr("Queue priority"))
        priority.setToolTip(self.tr("Low-priority jobs wait behind normal ones in fal's queue"))
        timeout_on = QCheckBox(self.tr("Give up if not started within"), self)
        timeout_on.setAccessibleDescription(self.tr("Use a start timeout"))
        timeout_on.setToolTip(self.tr("Cancel the job if it has not started running by then"))
        timeout = QSpinBox(self)
        timeout.setRange(2, 24 * 3600)
        timeout.setValue(DEFAULT_START_TIMEOUT_S)
        timeout.setSuffix(self.tr(" s"))
        timeout.setEnabled(False)
        timeout.setAccessibleName(self.tr("Start timeout in seconds"))
        timeout.setToolTip(self.tr("More than 1 second"))
        timeout_on.toggled.connect(timeout.setEnabled)
        advanced = QWidget(self)
        adv = QVBoxLayout(advanced)
        adv.setContentsMargins(12, 0, 0, 0)
        priority_form = QFormLayout()
        priority_form.addRow(self.tr("Priority"), priority)
        adv.addLayout(priority_form)
        # A form of its own, so the check box's width does not push the priority box right; WrapLongRows puts
        # the seconds under the check box when the dock is too narrow for both (150 %/200 %), instead of
        # making the whole panel scroll sideways.
        timeout_form = QFormLayout()
        timeout_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        timeout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        timeout_form.addRow(timeout_on, timeout)
        adv.addLayout(timeout_form)
        advanced.hide()
        layout = self.layout()
        assert layout is not None
        layout.addWidget(advanced)
        # Made after the rest: put them right after the toggle in the Tab order, where they are on screen.
        QWidget.setTabOrder(self.advanced_toggle, priority)
        QWidget.setTabOrder(priority, timeout_on)
        QWidget.setTabOrder(timeout_on, timeout)
        for sig in (priority.currentIndexChanged, timeout_on.toggled, timeout.valueChanged):
            sig.connect(self._update)
        self._advanced = _AdvancedOptions(advanced, priority, timeout_on, timeout)
        return self._advanced

    def _toggle_advanced(self, on: bool) -> None:
        self.advanced.setVisible(on)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _update(self) -> None:
        seed = self.seed_value()
        zero = seed == 0
        seed_error = self.seed_problem()
        if seed_error and seed_error != self.seed_error.text():
            announce(self.seed_error, seed_error)
        self.seed_error.setText(seed_error or "")
        self.seed_error.setVisible(seed_error is not None)
        set_invalid(self.seed, seed_error is not None)
        self.seed_warning.setVisible(zero)
        self.seed_fix.setVisible(zero)
        problem = self.endpoint_problem()
        if problem and problem != self.endpoint_error.text():
            announce(self.endpoint_error, problem)
        self.endpoint_error.setText(problem or "")
        self.endpoint_error.setVisible(problem is not None)
        self.changed.emit()
