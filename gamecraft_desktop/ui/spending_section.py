"""Preferences ▸ Spending: the price of a GPU-second (empty by default: fal's prices vary by machine and
change, so the app never guesses one) and the limits above which Generate asks first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.spend import PRICING_URL, SpendSettings, SpendText
from gamecraft_desktop.ui.style import set_role


def parse_price(text: str) -> float | str | None:
    """The price field: None when empty, a positive number, or a sentence saying what is wrong."""
    t = text.strip().lstrip("$").replace(",", ".")
    if not t:
        return None
    try:
        value = float(t)
    except ValueError:
        return SpendText.tr("The price must be a number, such as 0.0011 (dollars per GPU-second).")
    if not (value > 0 and value < 1e3):
        return SpendText.tr("The price must be above 0 (and is per second, not per hour).")
    return value


class SpendingSection(QWidget):
    """`load()` gives the saved settings; `save(settings)` stores them (a message when it cannot)."""

    changed = Signal()

    def __init__(self, load: Callable[[], SpendSettings], save: Callable[[SpendSettings], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendingSection")
        self.setAccessibleName(self.tr("Spending"))
        self._load, self._save = load, save
        self._saved = SpendSettings()
        intro = QLabel(self.tr(
            "fal bills the GPU time a job runs. Generate shows an estimate from your own finished jobs; with a "
            "price it also shows the cost. Sandbox runs are free and never counted."), self)
        intro.setWordWrap(True)
        self.price = QLineEdit(self)
        self.price.setObjectName("spendPrice")
        self.price.setAccessibleName(self.tr("Price per GPU-second"))
        self.price.setPlaceholderText(self.tr("not set: no cost is shown"))
        self.price.setToolTip(self.tr("In dollars per second of GPU time, as fal lists it for the machine the "
                                      "endpoint runs on"))
        self.price.setClearButtonEnabled(True)
        self.price_note = QLabel(self.tr('See <a href="{url}">fal\'s prices</a> for the GPU this endpoint runs on.')
                                 .format(url=PRICING_URL), self)
        self.price_note.setObjectName("spendPriceNote")
        self.price_note.setOpenExternalLinks(True)
        self.price_note.setTextFormat(Qt.TextFormat.RichText)
        self.price_note.setWordWrap(True)
        self.ask_cost = QCheckBox(self.tr("Ask before a Generate that may cost more than"), self)
        self.ask_cost.setObjectName("spendAskCost")
        self.cost_limit = QDoubleSpinBox(self)
        self.cost_limit.setObjectName("spendCostLimit")
        self.cost_limit.setAccessibleName(self.tr("Cost limit per Generate"))
        self.cost_limit.setPrefix("$")
        self.cost_limit.setDecimals(2)
        self.cost_limit.setRange(0.01, 100_000)
        self.cost_limit.setValue(5.0)
        self.ask_time = QCheckBox(self.tr("Ask before a Generate that may use more GPU time than"), self)
        self.ask_time.setObjectName("spendAskTime")
        self.time_limit = QDoubleSpinBox(self)
        self.time_limit.setObjectName("spendTimeLimit")
        self.time_limit.setAccessibleName(self.tr("GPU time limit per Generate"))
        self.time_limit.setSuffix(self.tr(" min"))
        self.time_limit.setDecimals(0)
        self.time_limit.setRange(1, 100_000)
        self.time_limit.setValue(30)
        self.problem = QLabel(self)
        self.problem.setObjectName("spendProblem")
        self.problem.setWordWrap(True)
        set_role(self.problem, "error")
        self.problem.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        caption = QLabel(self.tr("&Price per GPU-second:"), self)
        caption.setBuddy(self.price)
        price_box = QVBoxLayout()
        price_box.setSpacing(2)
        price_box.addWidget(self.price)
        price_box.addWidget(self.price_note)
        price_box.addWidget(self.problem)
        form.addRow(caption, price_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        for check, spin in ((self.ask_cost, self.cost_limit), (self.ask_time, self.time_limit)):
            row = QHBoxLayout()
            row.addWidget(check)
            row.addWidget(spin)
            row.addStretch(1)
            layout.addLayout(row)
            check.toggled.connect(spin.setEnabled)
            check.toggled.connect(lambda _on: self._edited())
            spin.valueChanged.connect(lambda _v: self._edited())
        self.cost_note = QLabel(self.tr("The cost limit needs a price."), self)
        set_role(self.cost_note, "note")
        layout.addWidget(self.cost_note)
        layout.addStretch(1)
        self.price.textChanged.connect(lambda _t: self._edited())
        self.reload()

    # --- PreferencesSection -------------------------------------------------------------------------

    def reload(self) -> None:
        self._saved = self._load()
        s = self._saved
        for w in (self.price, self.ask_cost, self.cost_limit, self.ask_time, self.time_limit):
            w.blockSignals(True)
        self.price.setText("" if s.price_per_gpu_second is None else f"{s.price_per_gpu_second:g}")
        self.ask_cost.setChecked(s.confirm_above_cost is not None)
        if s.confirm_above_cost is not None:
            self.cost_limit.setValue(s.confirm_above_cost)
        self.ask_time.setChecked(s.confirm_above_minutes is not None)
        if s.confirm_above_minutes is not None:
            self.time_limit.setValue(s.confirm_above_minutes)
        for w in (self.price, self.ask_cost, self.cost_limit, self.ask_time, self.time_limit):
            w.blockSignals(False)
        self.cost_limit.setEnabled(self.ask_cost.isChecked())
        self.time_limit.setEnabled(self.ask_time.isChecked())
        self._edited()

    def settings(self) -> SpendSettings:
        price = parse_price(self.price.text())
        return SpendSettings(price_per_gpu_second=price if isinstance(price, float) else None,
                             confirm_above_cost=self.cost_limit.value() if self.ask_cost.isChecked() else None,
                             confirm_above_minutes=self.time_limit.value() if self.ask_time.isChecked() else None)

    def is_valid(self) -> bool:
        return not isinstance(parse_price(self.price.text()), str)

    def is_modified(self) -> bool:
        return self.settings() != self._saved

    def apply(self) -> str | None:
        problem = self._save(self.settings())
        if problem is None:
            self._saved = self._load()
            self._edited()
        return problem

    def _edited(self) -> None:
        price = parse_price(self.price.text())
        self.problem.setText(price if isinstance(price, str) else "")
        self.problem.setVisible(isinstance(price, str))
        self.cost_note.setVisible(self.ask_cost.isChecked() and price is None)
        self.changed.emit()
