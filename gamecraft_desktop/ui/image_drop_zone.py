"""The IMAGE panel: drop, paste or open an image; shows it with the model's crop and what the crop cuts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.crop import model_crop
from gamecraft_desktop.core.defaults import is_project_file_name
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts, number, size
from gamecraft_desktop.ui.accessibility import announce, describe_label
from gamecraft_desktop.ui.app_settings import KEY_RECENT_IMAGES, LastFolder, RecentList
from gamecraft_desktop.ui.icons import icon
from gamecraft_desktop.ui.style import style_message

IMAGE_FILTER = QT_TRANSLATE_NOOP("ImageDropZone",
                                 "Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff);;All files (*)")
#: The image's words outside the widget classes (core/texts.py).
ImageText = Texts("ImageText")
_IMAGE_MIME = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp")

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from gamecraft_desktop.composer.image_loader import ImageLoader, LoadedImage


def crop_description(width: int, height: int) -> str:
    """'The model keeps 77 % of the height' — what the 1216×704 cover crop cuts from this image."""
    crop = model_crop(width, height)
    if crop.width < width - 0.5:
        text = ImageText.tr("The model keeps {percent} % of the width").format(
            percent=round(100 * crop.width / width))
    elif crop.height < height - 0.5:
        text = ImageText.tr("The model keeps {percent} % of the height").format(
            percent=round(100 * crop.height / height))
    else:
        text = ImageText.tr("The model sees the whole image")
    if crop.scale > 1.0001:
        text = ImageText.tr("{crop} (enlarged ×{scale}: smaller than 1216×704)").format(
            crop=text, scale=number(crop.scale, 2))
    return text


def human_size(n: int) -> str:
    """512 bytes, 13.1 KB, 2.4 MB (in the reader's locale)."""
    return size(n)


class ImageCanvas(QWidget):
    """Paints the image scaled to fit, the crop rectangle, and dims what the model cuts away."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._image: QImage | None = None
        self._source_size: tuple[int, int] = (0, 0)
        self._hover = False
        self.setMinimumSize(200, 120)
        sp = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)

    def set_image(self, image: QImage | None, width: int = 0, height: int = 0) -> None:
        self._image = image
        self._source_size = (width, height)
        self.update()

    def set_hover(self, on: bool) -> None:
        self._hover = on
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, w: int) -> int:
        # Capped (about nine lines of text, ~150 px at 1×) so a wide dock leaves room for the prompt and
        # parameters below; the image is letterboxed inside, keeping its aspect.
        return max(120, min(int(w * 704 / 1216), 9 * self.fontMetrics().height()))

    def sizeHint(self) -> QSize:
        return QSize(320, 185)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pal = self.palette()
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.fillRect(r, pal.color(QPalette.ColorRole.Base))
        if self._image is None or self._image.isNull():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight if self._hover else QPalette.ColorRole.Mid), 2,
                       Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawRoundedRect(r.adjusted(4, 4, -4, -4), 8, 8)
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.tr("Drop an image here\nor paste one (Ctrl+V)"))
            return
        iw, ih = self._image.width(), self._image.height()
        s = min(r.width() / iw, r.height() / ih)
        target = QRectF(0, 0, iw * s, ih * s)
        target.moveCenter(r.center())
        p.drawImage(target, self._image)
        sw, sh = self._source_size
        if sw > 0 and sh > 0:
            crop = model_crop(sw, sh)
            k = target.width() / sw
            cr = QRectF(target.x() + crop.x * k, target.y() + crop.y * k, crop.width * k, crop.height * k)
            dim = QColor(0, 0, 0, 150)
            p.fillRect(QRectF(target.left(), target.top(), target.width(), cr.top() - target.top()), dim)
            p.fillRect(QRectF(target.left(), cr.bottom(), target.width(), target.bottom() - cr.bottom()), dim)
            p.fillRect(QRectF(target.left(), cr.top(), cr.left() - target.left(), cr.height()), dim)
            p.fillRect(QRectF(cr.right(), cr.top(), target.right() - cr.right(), cr.height()), dim)
            p.setPen(QPen(QColor("#ffb13b"), 2))
            p.drawRect(cr.adjusted(1, 1, -1, -1))
        if self._hover:
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 3))
            p.drawRect(r)


class ImageDropZone(QFrame):
    """Emits `image_changed(LoadedImage | None)`; a dropped project file is passed on as `project_dropped`."""

    image_changed = Signal(object)
    busy_changed = Signal(bool)
    project_dropped = Signal(Path)

    def __init__(self, loader: ImageLoader | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setAccessibleName(self.tr("Image drop zone"))
        self.setToolTip(self.tr("Drop an image file, an image from a browser, or a link to an image"))
        self.recent = RecentList(KEY_RECENT_IMAGES)
        self._image: LoadedImage | None = None
        self._pending_locate: Path | None = None
        self._loader: ImageLoader | None = None
        if loader is not None:
            self._take_loader(loader)

        self.canvas = ImageCanvas(self)
        self.canvas.setAccessibleName(self.tr("Image preview with the model's crop"))
        self.canvas.setToolTip(self.tr("The orange frame is the part of the image the model uses (1216×704)"))
        self.info = QLabel(self)
        describe_label(self.info, self.tr("Image size and format"))
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.crop_info = QLabel(self)
        describe_label(self.crop_info, self.tr("What the crop keeps"))
        for label in (self.info, self.crop_info):  # wrap in a narrow dock instead of forcing a scroll bar
            label.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("imageMessage")
        style_message(self.message)
        self.message.setWordWrap(True)
        describe_label(self.message, self.tr("Image problem"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.open_button = QPushButton(icon("open-image"), self.tr("Open…"), self)
        self.open_button.setAccessibleName(self.tr("Open image"))
        self.open_button.setToolTip(self.tr("Choose an image file (Ctrl+Shift+O)"))
        self.open_button.clicked.connect(self.open_image_dialog)
        self.paste_button = QPushButton(icon("paste"), self.tr("Paste"), self)
        self.paste_button.setAccessibleName(self.tr("Paste image"))
        self.paste_button.setToolTip(self.tr("Paste an image, a file path or an image link from the clipboard"))
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.use_button = QPushButton(self.tr("Use it as it is now"), self)
        self.use_button.setAccessibleDescription(self.tr("Use the changed image"))
        self.use_button.setToolTip(self.tr("Load the image file as it is now on disk"))
        self.use_button.clicked.connect(self._use_changed)
        self.use_button.hide()
        self.locate_button = QPushButton(self.tr("Locate…"), self)
        self.locate_button.setAccessibleName(self.tr("Locate the image"))
        self.locate_button.setToolTip(self.tr("Choose where the project's image is now"))
        self.locate_button.clicked.connect(self.open_image_dialog)
        self.locate_button.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        banner_buttons = QHBoxLayout()
        banner_buttons.setContentsMargins(0, 0, 0, 0)
        banner_buttons.addWidget(self.use_button)
        banner_buttons.addWidget(self.locate_button)
        banner_buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        lay.addWidget(self.info)
        lay.addWidget(self.crop_info)
        lay.addWidget(self.message)
        lay.addLayout(banner_buttons)
        lay.addLayout(buttons)
        self._show_info()

    # --- state ----------------------------------------------------------------------------------

    def current(self) -> LoadedImage | None:
        return self._image

    @property
    def busy(self) -> bool:
        return self._loader is not None and self._loader.busy

    @property
    def loader(self) -> ImageLoader:
        """The decoder, made for the first image: its module and Qt's image reader are not needed for the
        first frame (~1.5 ms of start-up)."""
        if self._loader is None:
            from gamecraft_desktop.composer.image_loader import ImageLoader

            self._take_loader(ImageLoader(self))
        assert self._loader is not None
        return self._loader

    def _take_loader(self, loader: ImageLoader) -> None:
        self._loader = loader
        loader.loaded.connect(self._on_loaded)
        loader.failed.connect(self._on_failed)
        loader.busy_changed.connect(self._on_busy)

    def wait_for_loads(self, msecs: int) -> bool:
        """For shutdown and tests: abort downloads and wait for running decodes (none before the first)."""
        return self._loader is None or self._loader.wait_for_done(msecs)

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def clear(self) -> None:
        self._image = None
        self.canvas.set_image(None)
        self.clear_message()
        self._show_info()
        self.image_changed.emit(None)

    # --- inputs -------------------------------------------------------------------------------

    def load_path(self, path: Path | str) -> None:
        self.loader.load_file(Path(path))

    def load_url(self, url: str) -> None:
        self.loader.load_url(url)

    def open_image_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # its type and enums: not before the first frame

        folder = LastFolder("image")
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open Image"), str(folder.get()), self.tr(IMAGE_FILTER))
        if name:
            folder.remember(Path(name))
            self.load_path(name)

    def paste_from_clipboard(self) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.load_mime(mime, what=self.tr("The clipboard")):
            if mime is None or not mime.formats():
                self.show_message(self.tr("The clipboard is empty."))
            return False
        return True

    def load_mime(self, mime: QMimeData, what: str = "") -> bool:
        """Start loading whatever image the data carries; False (and a message) when there is none."""
        what = what or self.tr("The dropped item")
        local = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if local:
            path = Path(local[0].toLocalFile())
            if is_project_file_name(path.name):
                self.project_dropped.emit(path)
            else:
                self.load_path(path)
            return True
        if mime.hasImage():
            from PySide6.QtGui import QImage  # its type and enums: not before the first frame

            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.loader.load_qimage(image, self.tr("pasted image"))
                return True
        for fmt in _IMAGE_MIME:
            if mime.hasFormat(fmt):
                self.loader.load_bytes(bytes(mime.data(fmt).data()), fmt, self.tr("The dropped image"))
                return True
        remote = [u for u in mime.urls() if not u.isLocalFile()] if mime.hasUrls() else []
        if remote:
            self.load_url(remote[0].toString())
            return True
        if mime.hasText():
            return self._load_text(mime.text().strip(), what)
        self.show_message(self.tr("{what} holds no image, file or link.").format(what=what))
        return False

    def _load_text(self, text: str, what: str) -> bool:
        first = text.splitlines()[0].strip() if text else ""
        lower = first.lower()
        if lower.startswith(("http://", "https://", "data:")):
            self.load_url(first)
            return True
        if lower.startswith("file:"):
            from PySide6.QtCore import QUrl  # QUrl's enums: not before the first frame

            first = QUrl(first).toLocalFile()
        candidate = Path(first).expanduser() if first and len(first) < 4096 else None
        if candidate is not None and candidate.is_file():
            if is_project_file_name(candidate.name):
                self.project_dropped.emit(candidate)
            else:
                self.load_path(candidate)
            return True
        self.show_message(self.tr("{what} holds text, not an image, a file path or an image link.")
                          .format(what=what))
        return False

    # --- project banner -------------------------------------------------------------------------

    def show_image_problem(self, text: str, changed_path: Path | None = None) -> None:
        """A project's image is missing or changed: say so, offer Locate… (and 'use it' when it changed)."""
        self.show_message(text)
        self._pending_locate = changed_path
        self.use_button.setVisible(changed_path is not None)
        self.locate_button.show()

    def _use_changed(self) -> None:
        if self._pending_locate is not None:
            self.load_path(self._pending_locate)

    # --- drag and drop ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        m = event.mimeData()
        if m.hasUrls() or m.hasImage() or m.hasText() or any(m.hasFormat(f) for f in _IMAGE_MIME):
            event.acceptProposedAction()
            self.canvas.set_hover(True)

    def dragLeaveEvent(self, event: object) -> None:
        self.canvas.set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.canvas.set_hover(False)
        if self.load_mime(event.mimeData()):
            event.acceptProposedAction()

    # --- results ----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        announce(self.message, text, assertive=True)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()
        self.use_button.hide()
        self.locate_button.hide()
        self._pending_locate = None

    def _on_loaded(self, image: LoadedImage) -> None:
        self._image = image
        self.canvas.set_image(image.preview, image.width, image.height)
        self.clear_message()
        self._show_info()
        self.recent.add(str(image.path))
        self.image_changed.emit(image)

    def _on_failed(self, message: str) -> None:
        self.show_message(message)  # the previous image stays

    def _on_busy(self, busy: bool) -> None:
        self._show_info()
        self.busy_changed.emit(busy)

    def _show_info(self) -> None:
        img = self._image
        if self.busy:
            self.info.setText(self.tr("Loading…"))
        elif img is None:
            self.info.setText(self.tr("No image yet. The model uses a 1216×704 crop of it."))
        else:
            self.info.setText(self.tr("{w} × {h} px · {size} · {format}").format(
                w=img.width, h=img.height, size=human_size(img.file_size), format=img.format))
            self.info.setToolTip(str(img.path))
        self.crop_info.setText(crop_description(img.width, img.height) if img else "")
        self.crop_info.setVisible(img is not None)
