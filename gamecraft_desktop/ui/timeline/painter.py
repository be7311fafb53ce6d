"""Painting the timeline: header (summary and status), seconds ruler, blocks, drop indicator, playhead.

Only the visible blocks are painted, and each block is a cached pixmap keyed by everything that shows
on it (key, speed, state, size, palette, font), so a repaint after an edit costs a few blits, not a
few dozen text layouts. The playhead line passes behind the block labels so they stay readable.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QStaticText,
)

from gamecraft_desktop.core.camera_path import Action
from gamecraft_desktop.ui.timeline import style
from gamecraft_desktop.ui.timeline.text import TimelineText, format_seconds, format_speed

if TYPE_CHECKING:
    from gamecraft_desktop.ui.timeline.view import TimelineView

#: Block pixmaps kept (each is one block, ~20 kB at 1×): several screens' worth of distinct blocks.
BLOCK_CACHE_SIZE = 256
#: Room under a block's pixmap for the selection bar.
_BAR_ROOM = 8

# (action, speed text, selected, under playhead, invalid, keyboard cursor)
_BlockState = tuple[Action, str, bool, bool, bool, bool]



def header_status(view: TimelineView) -> tuple[str, str]:
    """The line at the right of the timeline's header and its kind ("record", "warning" or "note")."""
    doc = view.document()
    problems = doc.path().problems() if view.invalid_indices() else []
    if view.is_recording():
        held = view.recorder.held_action()
        return (TimelineText.tr("● Recording {key}").format(key=held.key) if held else
                TimelineText.tr("● Record mode: hold W, A, S or D (Shift: 2×) · R or Esc stops")), "record"
    if problems:
        return problems[0], "warning"
    speed = TimelineText.tr("new moves: speed {speed}").format(speed=format_speed(doc.current_speed()))
    n = len(doc.selection())
    if n:  # the Speed box shows the selection's speed: say so, and what new moves get
        return TimelineText.tr("Speed box: the %n selected move(s) · {speed}", "", n).format(speed=speed), "note"
    return TimelineText.tr("Speed box: {speed}").format(speed=speed), "note"

class TimelinePainter:
    """Paints a TimelineView's viewport. Holds only caches; all state is read from the view."""

    def __init__(self, view: TimelineView) -> None:
        self._view = view
        self._blocks: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._colors: dict[tuple[int, Action, bool], tuple[QColor, QColor, QColor]] = {}
        self._texts: dict[str, QStaticText] = {}
        self._key_font: QFont | None = None

    def invalidate(self) -> None:
        """Forget cached pixmaps and texts (font, style or palette changed)."""
        self._blocks.clear()
        self._colors.clear()
        self._texts.clear()
        self._key_font = None

    # --- the whole viewport ---------------------------------------------------------------------

    def paint(self, p: QPainter) -> None:
        view = self._view
        pal = view.palette()
        vp = view.viewport().rect()
        p.fillRect(vp, pal.color(QPalette.ColorRole.Base))
        self.paint_ruler(p, pal)  # crisp 1 px ticks: no antialiasing (also much faster)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_blocks(p, pal)
        self.paint_playhead(p, pal)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.paint_header(p, pal)
        if view.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(vp).adjusted(1, 1, -1, -1))

    # --- header and ruler ------------------------------------------------------------------------

    def paint_header(self, p: QPainter, pal: QPalette) -> None:
        view, geo = self._view, self._view.timeline_geometry()
        fm = view.fontMetrics()
        rect = QRect(0, 0, view.viewport().width(), geo.header_height)
        p.fillRect(rect, pal.color(QPalette.ColorRole.Window))
        text_rect = rect.adjusted(geo.x0, 0, -geo.x0, 0)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        bold = self.key_font()
        p.setFont(bold)
        summary = view.summary()
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, summary)
        used = QFontMetrics(bold).horizontalAdvance(summary) + 2 * geo.pad
        p.setFont(view.font())
        status, kind = header_status(view)
        color = (_soft_text(pal, QPalette.ColorRole.Window, QPalette.ColorRole.WindowText) if kind == "note"
                 else style.legible(style.accent(pal, kind), pal.color(QPalette.ColorRole.Window)))
        status_rect = text_rect.adjusted(used, 0, 0, 0)
        p.setPen(color)
        p.drawText(status_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                   fm.elidedText(status, Qt.TextElideMode.ElideRight, max(0, status_rect.width())))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())

    def paint_ruler(self, p: QPainter, pal: QPalette) -> None:
        view, geo = self._view, self._view.timeline_geometry()
        fm = view.fontMetrics()
        top, h = geo.header_height, geo.ruler_height
        width = view.viewport().width()
        label_w = fm.horizontalAdvance(format_seconds(888.8)) + 12
        tick_pen = QPen(pal.color(QPalette.ColorRole.Mid), 1)
        p.setPen(tick_pen)
        p.drawLine(0, top + h - 1, width, top + h - 1)
        ticks = geo.ruler_ticks(label_w, view.scroll_offset(), width, len(view.document().path()))
        p.drawLines([QPointF(x, y) for _s, x in ticks for y in (top + h - 6, top + h - 1)])
        p.setPen(pal.color(QPalette.ColorRole.Text))
        p.setFont(view.font())
        text_y = top + (h - 4 - fm.height()) / 2
        for sec, x in ticks:
            p.drawStaticText(QPointF(x + 3, text_y), self._static_text(format_seconds(sec)))

    def _static_text(self, text: str) -> QStaticText:
        st = self._texts.get(text)
        if st is None:
            if len(self._texts) > 512:
                self._texts.clear()
            st = self._texts[text] = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
        return st

    # --- blocks ----------------------------------------------------------------------------------

    def paint_blocks(self, p: QPainter, pal: QPalette) -> None:
        view, geo = self._view, self._view.timeline_geometry()
        doc = view.document()
        path = doc.path()
        top, height = geo.blocks_top, geo.blocks_height
        width = view.viewport().width()
        if not path.steps:
            p.setPen(_soft_text(pal, QPalette.ColorRole.Base, QPalette.ColorRole.Text))
            p.drawText(QRect(0, top, width, height), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       TimelineText.tr("Press W, A, S or D to add a move — or pick a preset from the right-click "
                                       "menu"))
            return
        sel, cur, active = doc.selection(), doc.current_index(), doc.playhead_action()
        if not view.hasFocus():
            cur = -1
        invalid, scroll, steps = view.invalid_indices(), view.scroll_offset(), path.steps
        visible = geo.visible_range(scroll, width, len(steps))
        sel_set = set(sel)
        context = (geo, view.devicePixelRatioF(), pal.cacheKey(), view.font().key())
        for i in visible:
            step = steps[i]
            state: _BlockState = (step.action, format_speed(step.speed), i in sel_set, i == active,
                                  i in invalid, i == cur)
            p.drawPixmap(geo.block_left(i, scroll), top, self._block_pixmap(state, context, pal))
        gap = view.drop_gap()
        if gap >= 0:
            x = geo.gap_x(gap, scroll)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 3))
            p.drawLine(QPointF(x, top - 4), QPointF(x, top + height + 4))

    def _block_pixmap(self, state: _BlockState, context: tuple[object, ...], pal: QPalette) -> QPixmap:
        key = (state, context)
        pm = self._blocks.get(key)
        if pm is not None:
            self._blocks.move_to_end(key)
            return pm
        pm = self._render_block(state, pal)
        self._blocks[key] = pm
        if len(self._blocks) > BLOCK_CACHE_SIZE:
            self._blocks.popitem(last=False)
        return pm

    def _render_block(self, state: _BlockState, pal: QPalette) -> QPixmap:
        action, speed_text, selected, active, invalid, cursor = state
        view, geo = self._view, self._view.timeline_geometry()
        dpr = view.devicePixelRatioF()
        bw, height = geo.block_width, geo.blocks_height
        pm = QPixmap(round(bw * dpr), round((height + _BAR_ROOM) * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(0, 0, bw, height).adjusted(2, 0, -2, 0)
        fill, stroke, text = self.block_colors(action, selected, pal)
        p.setPen(QPen(stroke, 1))
        p.setBrush(fill)
        p.drawRoundedRect(r, 4, 4)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if active:
            p.setPen(QPen(style.accent(pal, "playhead"), 2))
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4)
        if selected:
            highlight = pal.color(QPalette.ColorRole.Highlight)
            p.setPen(QPen(highlight, 3))
            p.drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)
            # A bar under the block: selection stays visible where the outline is hard to see.
            p.fillRect(QRectF(r.left() + 4, r.bottom() + 3, r.width() - 8, 3), highlight)
        if invalid:
            p.setPen(QPen(style.accent(pal, "warning"), 2, Qt.PenStyle.DashLine))
            p.drawRoundedRect(r.adjusted(3, 3, -3, -3), 3, 3)
        if cursor:
            p.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
            p.drawRoundedRect(r.adjusted(5, 5, -5, -5), 2, 2)
        p.setPen(text)
        key_dy, speed_dy = geo.label_offsets()
        p.setFont(self.key_font())
        p.drawText(QRectF(r.left(), r.top() + key_dy, r.width(), geo.font_height), Qt.AlignmentFlag.AlignCenter,
                   action.key)
        p.setFont(view.font())
        p.drawText(QRectF(r.left(), r.top() + speed_dy, r.width(), geo.font_height),
                   Qt.AlignmentFlag.AlignCenter, speed_text)
        p.end()
        return pm

    def key_font(self) -> QFont:
        """The bold font of the key labels (and the summary)."""
        if self._key_font is None:
            self._key_font = QFont(self._view.font())
            self._key_font.setBold(True)
        return self._key_font

    def block_colors(self, action: Action, selected: bool, pal: QPalette) -> tuple[QColor, QColor, QColor]:
        """(fill, outline, text) for a block, cached per palette: contrast maths is not free per paint."""
        key = (pal.cacheKey(), action, selected)
        hit = self._colors.get(key)
        if hit is None:
            fill = style.action_fill(action, pal)
            if selected:  # a light tint only, so the action's hue stays recognisable
                fill = mix(fill, pal.color(QPalette.ColorRole.Highlight), 0.12)
            hit = (fill, style.action_stroke(action, pal), style.readable_text(fill, pal))
            if len(self._colors) > 64:
                self._colors.clear()
            self._colors[key] = hit
        return hit

    # --- playhead --------------------------------------------------------------------------------

    def label_boxes(self, index: int) -> list[QRect]:
        """The boxes the key and speed text of a block occupy (with a 2 px margin), in the viewport."""
        view, geo = self._view, self._view.timeline_geometry()
        step = view.document().path().steps[index]
        key_box, speed_box = geo.label_rects(index, view.scroll_offset())
        out = []
        for box, text, fm in ((key_box, step.action.key, QFontMetrics(self.key_font())),
                              (speed_box, format_speed(step.speed), view.fontMetrics())):
            w = fm.horizontalAdvance(text) + 4
            out.append(QRect(box.center().x() - w // 2, box.top(), w, box.height()))
        return out

    def paint_playhead(self, p: QPainter, pal: QPalette) -> None:
        view, geo = self._view, self._view.timeline_geometry()
        doc = view.document()
        frame = doc.playhead()
        if frame < 0:
            return
        x = view.frame_x(frame)
        top = geo.header_height
        bottom = geo.blocks_top + geo.blocks_height + 2
        # The line passes behind the labels of the block it crosses, so "W" and "0.20" stay readable.
        clip = QRegion(view.viewport().rect())
        for box in self.label_boxes(doc.playhead_action()):
            clip -= QRegion(box)
        p.save()
        p.setClipRegion(clip)
        color = style.accent(pal, "playhead")
        p.setPen(QPen(color, 2))
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
        p.setBrush(color)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon([QPointF(x - 5, top), QPointF(x + 5, top), QPointF(x, top + 7)])
        p.restore()


def _soft_text(pal: QPalette, background: QPalette.ColorRole, fallback: QPalette.ColorRole) -> QColor:
    """The placeholder text colour where it is readable on `background`, else the full text colour."""
    color = pal.color(QPalette.ColorRole.PlaceholderText)
    if style.contrast_ratio(color, pal.color(background)) < style.MIN_TEXT_CONTRAST:
        color = pal.color(fallback)
    return color


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`a` blended towards `b` by t (0..1), opaque."""
    return QColor.fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                           a.blueF() * (1 - t) + b.blueF() * t)
